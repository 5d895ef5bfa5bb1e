// Compile: IR from codegen, verified, optimised at O2 with the new pass manager, then compiled
// to native code by an LLJIT owned by the program. Every LLVM failure becomes an Error.
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <mutex>
#include <string>

#include "runtime/jit/internal/codegen.h"
#include "runtime/jit/internal/compiled_program.h"
#include "runtime/jit/jit.h"

namespace ccr::jit {
namespace {

// Keeps the LLJIT (and so the code) alive as long as any Evaluator shares the program.
struct JitProgram : internal::CompiledProgram {
  using CompiledProgram::CompiledProgram;
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

Error Internal(std::string_view what, llvm::Error error) {
  return Error{"internal error: the JIT could not " + std::string(what) + ": " +
               llvm::toString(std::move(error))};
}

Error Internal(std::string_view what, std::string_view detail) {
  return Error{"internal error: the JIT could not " + std::string(what) + ": " +
               std::string(detail)};
}

void Optimize(llvm::Module& module, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, modules);
}

}  // namespace

bool Available() { return true; }

Expected<Evaluator> Evaluator::Compile(const bytecode::VerifiedProgram& program) {
  auto start = std::chrono::steady_clock::now();
  static std::once_flag initialized;
  static bool native_ok = false;
  std::call_once(initialized, [] {
    native_ok = !llvm::InitializeNativeTarget() && !llvm::InitializeNativeTargetAsmPrinter();
  });
  if (!native_ok) return Internal("set up", "LLVM has no native target for this machine");

  auto target = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!target) return Internal("detect the host machine", target.takeError());
  target->setCodeGenOptLevel(llvm::CodeGenOpt::Default);
  auto machine = target->createTargetMachine();
  if (!machine) return Internal("create a target machine", machine.takeError());

  auto context = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> ir = internal::GenerateIr(program, *context);
  ir->setDataLayout((*machine)->createDataLayout());
  ir->setTargetTriple((*machine)->getTargetTriple().str());
  std::string problems;
  llvm::raw_string_ostream problem_stream(problems);
  if (llvm::verifyModule(*ir, &problem_stream)) {
    return Internal("generate valid code", problem_stream.str());
  }
  Optimize(*ir, **machine);

  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*target)).create();
  if (!jit) return Internal("start LLJIT", jit.takeError());
  if (auto error =
          (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(ir), std::move(context)))) {
    return Internal("add the program", std::move(error));
  }
  auto entry = (*jit)->lookup(internal::kEntryName);
  if (!entry) return Internal("compile the program", entry.takeError());

  auto code = std::make_shared<JitProgram>(program.module());
  // LLVM hands the compiled function's address back as an integer.
  code->entry = reinterpret_cast<internal::EntryPoint>(  // NOLINT(performance-no-int-to-ptr)
      entry->getAddress());
  code->jit = std::move(*jit);
  code->compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Evaluator(std::move(code));
}

}  // namespace ccr::jit
