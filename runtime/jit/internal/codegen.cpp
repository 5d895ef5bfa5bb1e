#include "runtime/jit/internal/codegen.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/facts/facts.h"
#include "runtime/vm/vm.h"

namespace ccr::jit::internal {
namespace {

using bytecode::kNone;
using bytecode::Opcode;
using bytecode::TypeKind;

// The generated code stores vm::Truth values as bytes.
static_assert(sizeof(vm::Truth) == 1);
static_assert(static_cast<int>(vm::Truth::False) == 0 && static_cast<int>(vm::Truth::True) == 1 &&
              static_cast<int>(vm::Truth::Unknown) == 2 &&
              static_cast<int>(vm::Truth::NotInForce) == 3);

// Called by generated code for `==` on two strings when either has no canonical index (a
// product text no constant equals). Both point to live std::strings.
extern "C" uint8_t CcrJitStringsEqual(const std::string* a, const std::string* b) {
  return *a == *b ? 1 : 0;
}

// Where facts::Value keeps each member, measured on a real object (offsetof is not defined
// for a type with a std::string member).
struct ValueLayout {
  uint64_t size = sizeof(facts::Value);
  uint64_t known, boolean, number, index, bits, text;

  ValueLayout() {
    facts::Value value;
    auto offset = [&](const void* member) {
      return static_cast<uint64_t>(static_cast<const char*>(member) -
                                   reinterpret_cast<const char*>(&value));
    };
    known = offset(&value.known);
    boolean = offset(&value.boolean);
    number = offset(&value.number);
    index = offset(&value.index);
    bits = offset(&value.bits);
    text = offset(&value.text);
  }
};

// One operand stack slot at compile time. `mask` (i64) is the read mask of an unknown value
// and zero exactly when the value is known; `payload` is meaningful only when known:
//   Bool i1, Number double, String i32 canonical index (or kNone), Enum i32, EnumSet i64.
// `text` (String only) points to the std::string holding the text.
struct Slot {
  TypeKind kind = TypeKind::Bool;
  llvm::Value* mask = nullptr;
  llvm::Value* payload = nullptr;
  llvm::Value* text = nullptr;
};

using Stack = std::vector<Slot>;

class Generator {
 public:
  Generator(const bytecode::Module& module, llvm::LLVMContext& context)
      : module_(module),
        context_(context),
        ir_(std::make_unique<llvm::Module>("ccr", context)),
        builder_(context) {
    i1_ = llvm::Type::getInt1Ty(context);
    i8_ = llvm::Type::getInt8Ty(context);
    i32_ = llvm::Type::getInt32Ty(context);
    i64_ = llvm::Type::getInt64Ty(context);
    f64_ = llvm::Type::getDoubleTy(context);
    ptr_ = llvm::Type::getInt8PtrTy(context);

    // Products carry the index of an equal string (any one); constants may name a duplicate.
    // Comparing canonical indices makes both agree (as the VM does).
    std::unordered_map<std::string_view, uint32_t> first;
    canonical_.resize(module.strings.size());
    for (uint32_t i = 0; i < module.strings.size(); ++i) {
      canonical_[i] = first.emplace(module.strings[i], i).first->second;
    }
  }

  std::unique_ptr<llvm::Module> Run() {
    std::vector<llvm::Function*> rules;
    for (uint32_t r = 0; r < module_.rules.size(); ++r) rules.push_back(EmitRule(r));
    EmitEntry(rules);
    return std::move(ir_);
  }

 private:
  // ---- Constants and memory ----

  llvm::Constant* I1(bool value) { return llvm::ConstantInt::get(i1_, value ? 1 : 0); }
  llvm::Constant* I8(uint8_t value) { return llvm::ConstantInt::get(i8_, value); }
  llvm::Constant* I32(uint32_t value) { return llvm::ConstantInt::get(i32_, value); }
  llvm::Constant* I64(uint64_t value) { return llvm::ConstantInt::get(i64_, value); }
  llvm::Constant* HostPointer(const void* address) {
    return llvm::ConstantExpr::getIntToPtr(I64(reinterpret_cast<uintptr_t>(address)), ptr_);
  }

  // Returns a pointer `offset` bytes into fact `fact`'s facts::Value.
  llvm::Value* FieldPointer(uint32_t fact, uint64_t offset) {
    return builder_.CreateConstInBoundsGEP1_64(i8_, values_, fact * layout_.size + offset);
  }
  llvm::Value* LoadField(llvm::Type* type, uint32_t fact, uint64_t offset) {
    llvm::Value* pointer =
        builder_.CreateBitCast(FieldPointer(fact, offset), llvm::PointerType::getUnqual(type));
    return builder_.CreateLoad(type, pointer);
  }

  // The canonical string table as a constant array, made on first use.
  llvm::GlobalVariable* CanonicalTable() {
    if (canonical_table_ == nullptr) {
      auto* type = llvm::ArrayType::get(i32_, canonical_.size());
      std::vector<llvm::Constant*> items;
      for (uint32_t index : canonical_) items.push_back(I32(index));
      canonical_table_ = new llvm::GlobalVariable(
          *ir_, type, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
          llvm::ConstantArray::get(type, items), "canonical_string");
    }
    return canonical_table_;
  }

  // ---- Values ----

  Slot Known(TypeKind kind, llvm::Value* payload, llvm::Value* text = nullptr) {
    return {kind, I64(0), payload, text};
  }
  llvm::Value* IsKnown(const Slot& slot) { return builder_.CreateICmpEQ(slot.mask, I64(0)); }
  llvm::Value* IsFalse(const Slot& slot) {
    return builder_.CreateAnd(IsKnown(slot), builder_.CreateNot(slot.payload));
  }
  llvm::Value* IsTrue(const Slot& slot) { return builder_.CreateAnd(IsKnown(slot), slot.payload); }
  // The slot for a comparison of `a` and `b` whose known result is `result`.
  Slot Combine(const Slot& a, const Slot& b, llvm::Value* result) {
    return {TypeKind::Bool, builder_.CreateOr(a.mask, b.mask), result};
  }

  Slot LoadFact(const bytecode::Rule& rule, uint32_t read) {
    uint32_t fact = rule.reads[read];
    llvm::Value* known = builder_.CreateICmpNE(LoadField(i8_, fact, layout_.known), I8(0));
    Slot slot;
    slot.kind = module_.facts[fact].type.kind;
    slot.mask = builder_.CreateSelect(known, I64(0), I64(uint64_t{1} << read));
    switch (slot.kind) {
      case TypeKind::Bool:
        slot.payload = builder_.CreateICmpNE(LoadField(i8_, fact, layout_.boolean), I8(0));
        break;
      case TypeKind::Number:
        slot.payload = LoadField(f64_, fact, layout_.number);
        break;
      case TypeKind::String: {
        // index -> canonical index; kNone (no constant equals the text) stays kNone.
        llvm::Value* index = LoadField(i32_, fact, layout_.index);
        llvm::Value* in_table = builder_.CreateICmpULT(index, I32(canonical_.size()));
        llvm::Value* safe = builder_.CreateSelect(in_table, index, I32(0));
        llvm::GlobalVariable* table = CanonicalTable();
        llvm::Value* entry =
            builder_.CreateInBoundsGEP(table->getValueType(), table, {I64(0), safe});
        llvm::Value* canonical = builder_.CreateLoad(i32_, entry);
        slot.payload = builder_.CreateSelect(in_table, canonical, I32(kNone));
        slot.text = FieldPointer(fact, layout_.text);
        break;
      }
      case TypeKind::Enum:
        slot.payload = LoadField(i32_, fact, layout_.index);
        break;
      case TypeKind::EnumSet:
        slot.payload = LoadField(i64_, fact, layout_.bits);
        break;
    }
    return slot;
  }

  llvm::Value* StringsEqual(const Slot& a, const Slot& b) {
    // Equal canonical indices mean equal text; a text no constant equals has none, and is
    // compared by text (only when both are known, as the VM does).
    llvm::Value* both_indexed = builder_.CreateAnd(builder_.CreateICmpNE(a.payload, I32(kNone)),
                                                   builder_.CreateICmpNE(b.payload, I32(kNone)));
    llvm::Value* by_index = builder_.CreateICmpEQ(a.payload, b.payload);
    llvm::Value* compare_text =
        builder_.CreateAnd(builder_.CreateNot(both_indexed),
                           builder_.CreateICmpEQ(builder_.CreateOr(a.mask, b.mask), I64(0)));
    llvm::BasicBlock* from = builder_.GetInsertBlock();
    llvm::Function* function = from->getParent();
    auto* text_block = llvm::BasicBlock::Create(context_, "strings_equal", function);
    auto* join = llvm::BasicBlock::Create(context_, "strings_equal_join", function);
    builder_.CreateCondBr(compare_text, text_block, join);
    builder_.SetInsertPoint(text_block);
    auto* helper_type = llvm::FunctionType::get(i8_, {ptr_, ptr_}, false);
    llvm::Value* helper =
        llvm::ConstantExpr::getIntToPtr(I64(reinterpret_cast<uintptr_t>(&CcrJitStringsEqual)),
                                        llvm::PointerType::getUnqual(helper_type));
    llvm::Value* equal_text =
        builder_.CreateICmpNE(builder_.CreateCall(helper_type, helper, {a.text, b.text}), I8(0));
    builder_.CreateBr(join);
    builder_.SetInsertPoint(join);
    llvm::PHINode* result = builder_.CreatePHI(i1_, 2);
    result->addIncoming(by_index, from);
    result->addIncoming(equal_text, text_block);
    return result;
  }

  llvm::Value* Equal(const Slot& a, const Slot& b) {
    switch (a.kind) {
      case TypeKind::Bool:
      case TypeKind::Enum:
      case TypeKind::EnumSet:
        return builder_.CreateICmpEQ(a.payload, b.payload);
      case TypeKind::Number:
        return builder_.CreateFCmpOEQ(a.payload, b.payload);
      case TypeKind::String:
        return StringsEqual(a, b);
    }
    CCR_CHECK(false);
    return nullptr;
  }

  // Whether member `index` (i32; kNone or anything past the universe is no member) is in
  // value set `set`.
  llvm::Value* InSet(uint32_t set_index, llvm::Value* index) {
    const bytecode::ValueSet& set = module_.sets[set_index];
    bool strings = set.element.kind == TypeKind::String;
    uint64_t universe =
        strings ? module_.strings.size() : module_.enums[set.element.enum_index].values.size();
    std::vector<uint64_t> words((universe + 63) / 64, 0);
    for (uint32_t member : set.members) {
      if (strings) member = canonical_[member];
      words[member / 64] |= uint64_t{1} << (member % 64);
    }
    llvm::Value* in_range = builder_.CreateICmpULT(index, I32(static_cast<uint32_t>(universe)));
    llvm::Value* safe = builder_.CreateZExt(builder_.CreateSelect(in_range, index, I32(0)), i64_);
    llvm::Value* word;
    if (words.size() <= 1) {
      word = I64(words.empty() ? 0 : words[0]);
    } else {
      auto* type = llvm::ArrayType::get(i64_, words.size());
      std::vector<llvm::Constant*> items;
      items.reserve(words.size());
      for (uint64_t w : words) items.push_back(I64(w));
      auto* global = new llvm::GlobalVariable(*ir_, type, true, llvm::GlobalValue::PrivateLinkage,
                                              llvm::ConstantArray::get(type, items), "set");
      llvm::Value* entry =
          builder_.CreateInBoundsGEP(type, global, {I64(0), builder_.CreateLShr(safe, I64(6))});
      word = builder_.CreateLoad(i64_, entry);
    }
    llvm::Value* bit =
        builder_.CreateTrunc(builder_.CreateLShr(word, builder_.CreateAnd(safe, I64(63))), i1_);
    return builder_.CreateAnd(in_range, bit);
  }

  // ---- Rules ----

  struct Incoming {
    llvm::BasicBlock* from;
    Stack stack;
  };

  // Makes the stack at a join: per slot, the common value or a phi over the incoming edges.
  Stack Join(const std::vector<Incoming>& incoming) {
    Stack joined = incoming.front().stack;
    for (const Incoming& edge : incoming) CCR_CHECK(edge.stack.size() == joined.size());
    auto join = [&](llvm::Value* Slot::*member, size_t depth) {
      llvm::Value* first = incoming.front().stack[depth].*member;
      if (first == nullptr) return first;
      bool same = true;
      for (const Incoming& edge : incoming) same &= edge.stack[depth].*member == first;
      if (same) return first;
      llvm::PHINode* phi =
          builder_.CreatePHI(first->getType(), static_cast<unsigned>(incoming.size()));
      for (const Incoming& edge : incoming) phi->addIncoming(edge.stack[depth].*member, edge.from);
      return static_cast<llvm::Value*>(phi);
    };
    for (size_t depth = 0; depth < joined.size(); ++depth) {
      for (const Incoming& edge : incoming) CCR_CHECK(edge.stack[depth].kind == joined[depth].kind);
      joined[depth].mask = join(&Slot::mask, depth);
      joined[depth].payload = join(&Slot::payload, depth);
      joined[depth].text = join(&Slot::text, depth);
    }
    return joined;
  }

  // Emits `i8 rule_R(ptr values, ptr mask_out)`: returns the rule's vm::Truth and stores the
  // mask of an unknown condition (zero otherwise) in *mask_out.
  llvm::Function* EmitRule(uint32_t index) {
    const bytecode::Rule& rule = module_.rules[index];
    auto* type = llvm::FunctionType::get(i8_, {ptr_, ptr_}, false);
    auto* function = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                            "rule_" + std::to_string(index), *ir_);
    values_ = function->getArg(0);
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function));
    llvm::Value* mask_out =
        builder_.CreateBitCast(function->getArg(1), llvm::PointerType::getUnqual(i64_));

    bytecode::Instructions code(bytecode::CodeOf(module_, rule));
    std::map<uint32_t, llvm::BasicBlock*> targets;
    for (const bytecode::Instruction& in : code) {
      if (in.opcode == Opcode::JumpIfFalse || in.opcode == Opcode::JumpIfTrue) {
        auto [it, added] = targets.emplace(in.operands[0], nullptr);
        if (added) it->second = llvm::BasicBlock::Create(context_, "at", function);
      }
    }
    std::map<uint32_t, std::vector<Incoming>> incoming;
    std::optional<Stack> stack = Stack{};  // nullopt: no path falls through to here

    for (const bytecode::Instruction& in : code) {
      if (auto target = targets.find(in.offset); target != targets.end()) {
        std::vector<Incoming>& edges = incoming[in.offset];
        if (stack) {
          builder_.CreateBr(target->second);
          edges.push_back({builder_.GetInsertBlock(), *stack});
        }
        builder_.SetInsertPoint(target->second);
        CCR_CHECK(!edges.empty());  // the verifier rejects unreachable code
        stack = Join(edges);
      }
      CCR_CHECK(stack.has_value());
      Stack& s = *stack;
      auto pop = [&s] {
        Slot top = s.back();
        s.pop_back();
        return top;
      };
      switch (in.opcode) {
        case Opcode::PushTrue:
          s.push_back(Known(TypeKind::Bool, I1(true)));
          break;
        case Opcode::PushFalse:
          s.push_back(Known(TypeKind::Bool, I1(false)));
          break;
        case Opcode::LoadFact:
          s.push_back(LoadFact(rule, in.operands[0]));
          break;
        case Opcode::PushNumber:
          s.push_back(Known(TypeKind::Number,
                            llvm::ConstantFP::get(f64_, module_.numbers[in.operands[0]])));
          break;
        case Opcode::PushString:
          s.push_back(Known(TypeKind::String, I32(canonical_[in.operands[0]]),
                            HostPointer(&module_.strings[in.operands[0]])));
          break;
        case Opcode::PushEnum:
          s.push_back(Known(TypeKind::Enum, I32(in.operands[1])));
          break;
        case Opcode::Known: {
          uint32_t fact = rule.reads[in.operands[0]];
          s.push_back(Known(TypeKind::Bool,
                            builder_.CreateICmpNE(LoadField(i8_, fact, layout_.known), I8(0))));
          break;
        }
        case Opcode::Not: {
          Slot& top = s.back();
          top.payload = builder_.CreateNot(top.payload);
          break;
        }
        case Opcode::And:
        case Opcode::Or: {
          // and: false if either is false, else unknown if either is, else true (or: dual).
          Slot b = pop();
          Slot a = pop();
          bool is_and = in.opcode == Opcode::And;
          llvm::Value* decided = is_and ? builder_.CreateOr(IsFalse(a), IsFalse(b))
                                        : builder_.CreateOr(IsTrue(a), IsTrue(b));
          llvm::Value* mask =
              builder_.CreateSelect(decided, I64(0), builder_.CreateOr(a.mask, b.mask));
          s.push_back({TypeKind::Bool, mask, is_and ? builder_.CreateNot(decided) : decided});
          break;
        }
        case Opcode::Less:
        case Opcode::LessEqual:
        case Opcode::Greater:
        case Opcode::GreaterEqual: {
          Slot b = pop();
          Slot a = pop();
          llvm::CmpInst::Predicate predicate =
              in.opcode == Opcode::Less        ? llvm::CmpInst::FCMP_OLT
              : in.opcode == Opcode::LessEqual ? llvm::CmpInst::FCMP_OLE
              : in.opcode == Opcode::Greater   ? llvm::CmpInst::FCMP_OGT
                                               : llvm::CmpInst::FCMP_OGE;
          s.push_back(Combine(a, b, builder_.CreateFCmp(predicate, a.payload, b.payload)));
          break;
        }
        case Opcode::Equal:
        case Opcode::NotEqual: {
          Slot b = pop();
          Slot a = pop();
          llvm::Value* equal = Equal(a, b);
          s.push_back(
              Combine(a, b, in.opcode == Opcode::Equal ? equal : builder_.CreateNot(equal)));
          break;
        }
        case Opcode::InSet: {
          Slot& top = s.back();
          top.payload = InSet(in.operands[0], top.payload);
          top.kind = TypeKind::Bool;
          top.text = nullptr;
          break;
        }
        case Opcode::Has: {
          Slot value = pop();
          Slot set = pop();
          // Known values are below 64 (a set fact's enum has at most 64 values); the `and`
          // keeps an unknown value's payload from making the shift poison.
          llvm::Value* shift = builder_.CreateAnd(builder_.CreateZExt(value.payload, i64_), 63);
          llvm::Value* bit = builder_.CreateTrunc(builder_.CreateLShr(set.payload, shift), i1_);
          s.push_back(Combine(set, value, bit));
          break;
        }
        case Opcode::JumpIfFalse:
        case Opcode::JumpIfTrue: {
          const Slot& top = s.back();
          llvm::Value* jump = in.opcode == Opcode::JumpIfFalse ? IsFalse(top) : IsTrue(top);
          auto* next = llvm::BasicBlock::Create(context_, "next", function);
          incoming[in.operands[0]].push_back({builder_.GetInsertBlock(), s});
          builder_.CreateCondBr(jump, targets.at(in.operands[0]), next);
          builder_.SetInsertPoint(next);
          break;
        }
        case Opcode::Return: {
          Slot top = pop();
          llvm::Value* truth =
              builder_.CreateSelect(IsKnown(top), builder_.CreateZExt(top.payload, i8_),
                                    I8(static_cast<uint8_t>(vm::Truth::Unknown)));
          builder_.CreateStore(top.mask, mask_out);
          builder_.CreateRet(truth);
          stack.reset();
          break;
        }
      }
    }
    CCR_CHECK(!stack.has_value());  // the verifier guarantees `return` on every path
    return function;
  }

  // Emits `void ccr_eval(ptr values, i32 day, ptr conditions, ptr masks)`.
  void EmitEntry(const std::vector<llvm::Function*>& rules) {
    auto* type =
        llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, i32_, ptr_, ptr_}, false);
    auto* function =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, kEntryName, *ir_);
    llvm::Value* values = function->getArg(0);
    llvm::Value* day = function->getArg(1);
    llvm::Value* conditions = function->getArg(2);
    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function));
    llvm::Value* masks =
        builder_.CreateBitCast(function->getArg(3), llvm::PointerType::getUnqual(i64_));
    for (uint32_t r = 0; r < rules.size(); ++r) {
      const bytecode::Rule& rule = module_.rules[r];
      llvm::Value* condition_out = builder_.CreateConstInBoundsGEP1_64(i8_, conditions, r);
      llvm::Value* mask_out =
          builder_.CreateBitCast(builder_.CreateConstInBoundsGEP1_64(i64_, masks, r), ptr_);
      llvm::Value* in_force = I1(true);
      if (rule.has_from) {
        in_force = builder_.CreateAnd(
            in_force, builder_.CreateICmpSGE(day, I32(static_cast<uint32_t>(rule.from.days))));
      }
      if (rule.has_until) {
        in_force = builder_.CreateAnd(
            in_force, builder_.CreateICmpSLT(day, I32(static_cast<uint32_t>(rule.until.days))));
      }
      auto* run = llvm::BasicBlock::Create(context_, "run", function);
      auto* skip = llvm::BasicBlock::Create(context_, "skip", function);
      auto* next = llvm::BasicBlock::Create(context_, "next", function);
      builder_.CreateCondBr(in_force, run, skip);
      builder_.SetInsertPoint(run);
      builder_.CreateStore(builder_.CreateCall(rules[r], {values, mask_out}), condition_out);
      builder_.CreateBr(next);
      builder_.SetInsertPoint(skip);
      builder_.CreateStore(I8(static_cast<uint8_t>(vm::Truth::NotInForce)), condition_out);
      builder_.CreateBr(next);
      builder_.SetInsertPoint(next);
    }
    builder_.CreateRetVoid();
  }

  const bytecode::Module& module_;
  llvm::LLVMContext& context_;
  std::unique_ptr<llvm::Module> ir_;
  llvm::IRBuilder<> builder_;
  ValueLayout layout_;
  std::vector<uint32_t> canonical_;  // string index -> first equal string's index
  llvm::GlobalVariable* canonical_table_ = nullptr;
  llvm::Value* values_ = nullptr;  // the current rule's `values` argument
  llvm::Type *i1_, *i8_, *i32_, *i64_, *f64_, *ptr_;
};

}  // namespace

std::unique_ptr<llvm::Module> GenerateIr(const bytecode::VerifiedProgram& program,
                                         llvm::LLVMContext& context) {
  return Generator(program.module(), context).Run();
}

}  // namespace ccr::jit::internal
