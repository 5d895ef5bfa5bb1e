// The grammar of ccr rule files (.ccr). The single source of truth for the syntax:
// the Debian `antlr4` tool generates the C++ parser from it at build time.
// Labels (`id=`, `lhs=`) let the AST builder read children by name.
grammar Ccr;

file : item* EOF ;

item
  : importDecl
  | authorityDecl
  | schemeDecl
  | componentDecl
  | enumDecl
  | factDecl
  | setDecl
  | entryDecl
  | shortRule
  | ruleDecl
  | constraintDecl
  | testDecl
  | layoutDecl
  ;

// import "radio.ccr"   (path relative to the importing file)
importDecl : IMPORT path=STRING ;

// authority CNCA "Certification and Accreditation Administration" zh "国家认证认可监督管理委员会" under SAMR
authorityDecl
  : AUTHORITY id=IDENT name=STRING (ZH zh=STRING)? (UNDER parent=IDENT)?
  ;

// scheme CHINA_ROHS "Restricted hazardous substances" by MIIT with SAMR, CNCA mandatory impact market_access mode joint
//   { marking "..." source "..." }
// `voluntary on request`: a mark the applicant chooses (CQC mark): never undetermined, it is
// `available` where no rule decides it.
schemeDecl
  : SCHEME id=IDENT name=STRING (ZH zh=STRING)?
    BY authority=IDENT (WITH partners+=IDENT (',' partners+=IDENT)*)?
    level=(MANDATORY | VOLUNTARY) (onRequest=ON REQUEST)?
    (IMPACT impact=IDENT)?
    (MODE management=IDENT)?
    ('{' steps+=schemeStep* '}')?
  ;

// What to do next once the scheme is required, one step per line:
//   route "type test + initial factory inspection + follow-up" zh "..." source "CNCA-C..."
// The kind (`route`, `marking`, `body`) is checked by the checker, like `impact` and `mode`.
schemeStep : kind=IDENT text=STRING (ZH zh=STRING)? (SOURCE source=STRING)? ;

// component supplied_adapter "Supplied power adapter" zh "随附电源适配器"
// A part an obligation can attach to (`require CCC for supplied_adapter`); `product` is the
// product itself.
componentDecl : COMPONENT id=IDENT name=STRING (ZH zh=STRING)? ;

// enum Category { laptop, desktop_pc }
// extend enum Category { acme_widget }   (a company's values, added in its own rule file)
enumDecl : (extend=EXTEND)? ENUM id=IDENT enumBody ;
enumBody : '{' (values+=IDENT (',' values+=IDENT)* ','?)? '}' ;

// fact rated_voltage_v: number in V "Highest rated supply voltage"
// fact acme_line: enum { none, widgets } default none "Acme product line"
//   (a product that does not state it is assumed to have the default, and reports say so)
factDecl : FACT id=IDENT ':' type=typeRef (DEFAULT defaultValue=expr)? doc=STRING? ;

typeRef
  : BOOL                                   # boolType
  | NUMBER_KW (IN unit=IDENT)?             # numberType
  | STRING_KW                              # stringType
  | ENUM enumBody                          # inlineEnumType
  | SET OF element=typeRef                 # setType
  | name=IDENT                             # namedType
  ;

// set ccc_catalogue: Category = { laptop, desktop_pc }
setDecl : SET id=IDENT ':' type=typeRef '=' value=setLiteral ;

setLiteral : '{' (elements+=expr (',' elements+=expr)* ','?)? '}' ;

// A catalogue entry: what an enum value is called and where official catalogues list it.
// entry electric_kettle: Category "Electric kettle" zh "电水壶" aka "kettle", "电热水壶"
//   code CCC "0717"
entryDecl
  : ENTRY value=IDENT ':' enumType=IDENT (name=STRING (ZH zh=STRING)?)? entryPart*
  ;

entryPart
  : AKA names+=STRING (',' names+=STRING)*    # akaPart
  | CODE scheme=IDENT code=STRING              # codePart
  ;

// if emits_radio then require SRRC by MIIT mandatory
shortRule : IF condition=expr THEN action ;

// rule srrc_type_approval { when ... require ... because "..." source "..." effective from 2023-07-01 }
ruleDecl : RULE id=IDENT '{' ruleClause* '}' ;

ruleClause
  : WHEN condition=expr                                  # whenClause
  | action                                               # actionClause
  | BECAUSE text=STRING                                  # becauseClause
  | SOURCE text=STRING                                   # sourceClause
  | EFFECTIVE (FROM from=DATE)? (UNTIL until=DATE)?      # effectiveClause
  | ROW scheme=IDENT codes+=STRING (',' codes+=STRING)*  # rowClause
  | ASSESSMENT route=IDENT                               # assessmentClause
  ;

// `for COMPONENT`: the obligation attaches to a declared component (the adapter supplied with
// the product, its built-in cells); without it, or with `for product`, to the product itself.
action
  : REQUIRE scheme=IDENT (FOR component=IDENT)? (BY authority=IDENT)?
    level=(MANDATORY | VOLUNTARY)?                                            # requireAction
  | EXEMPT scheme=IDENT (FOR component=IDENT)?                                # exemptAction
  ;

// Conditions, loosest binding last: comparison and `in` bind tighter than `not`,
// `not` tighter than `and`, `and` tighter than `or`.
expr
  : lhs=expr op=(LT | LE | GT | GE | EQ | NE) rhs=expr   # compareExpr
  | lhs=expr IN rhs=expr                                 # inExpr
  | NOT operand=expr                                     # notExpr
  | lhs=expr AND rhs=expr                                # andExpr
  | lhs=expr OR rhs=expr                                 # orExpr
  | '(' inner=expr ')'                                   # parenExpr
  | KNOWN '(' name=IDENT ')'                             # knownExpr
  | value=NUMBER unit=IDENT?                             # numberExpr
  | value=STRING                                         # stringExpr
  | value=(TRUE | FALSE)                                 # boolExpr
  | setLiteral                                           # setExpr
  | name=IDENT                                           # nameExpr
  ;

// Facts that must agree: a product whose stated facts make `holds` false where `when` is true
// (or absent) is an error naming the facts, not evaluated. Unknown facts never break one.
// constraint radio_technologies_need_a_transmitter {
//   when emits_radio == false
//   holds not (wifi in radio_technologies or bluetooth in radio_technologies)
//   because "a product without a transmitter has no radio technology"
//   source "facts-vocabulary.md 1.3"
// }
constraintDecl : CONSTRAINT id=IDENT '{' constraintClause* '}' ;

constraintClause
  : WHEN condition=expr     # constraintWhenClause
  | HOLDS condition=expr    # holdsClause
  | BECAUSE text=STRING     # constraintBecauseClause
  | SOURCE text=STRING      # constraintSourceClause
  ;

// test "seed laptop" { given { category = laptop, emits_radio = true } as of 2025-06-01
//                       expect CCC required mandatory }
// Given facts are comma-separated: `220 V` takes a unit, so `220 category` would be ambiguous.
testDecl : TEST name=STRING '{' testClause* '}' ;

testClause
  : GIVEN '{' (facts+=givenFact (',' facts+=givenFact)* ','?)? '}'   # givenClause
  | AS OF date=DATE                           # asOfClause
  | EXPECT scheme=IDENT (FOR component=IDENT)? outcome   # expectClause
  | EXPECT VIOLATION constraint=IDENT         # expectViolationClause
  ;

givenFact : fact=IDENT '=' value=expr ;

outcome
  : REQUIRED level=(MANDATORY | VOLUNTARY)?   # requiredOutcome
  | NOT REQUIRED                              # notRequiredOutcome
  | UNDETERMINED                              # undeterminedOutcome
  | EXEMPT                                    # exemptOutcome
  | AVAILABLE                                 # availableOutcome
  ;

// An input layout: how a catalogue's columns (CSV) or keys (JSONL) map to facts.
// layout plm_export {
//   column "SKU" -> product
//   column "Type" -> category { "Notebook" -> laptop, "Desktop PC" | "PC" -> desktop_pc }
//   column "Radio" -> emits_radio { "Y" | "yes" | "1" | "是" -> true, "N" | "no" | "0" | "否" -> false }
//   column "Rated voltage (kV)" -> rated_voltage_v in kV
//   column "Radios" -> radio_technologies separated by "|"
//   ignore "Price", "Description"
// }
layoutDecl : LAYOUT id=IDENT '{' layoutClause* '}' ;

layoutClause
  : COLUMN header=STRING '->' target=IDENT (IN unit=IDENT)? (SEPARATED BY separator=STRING)?
    synonymBlock?                                                     # columnClause
  | IGNORE headers+=STRING (',' headers+=STRING)* ','?                # ignoreClause
  ;

synonymBlock : '{' (synonyms+=synonym (',' synonyms+=synonym)* ','?)? '}' ;

// "Y" | "yes" -> true
synonym : texts+=STRING ('|' texts+=STRING)* '->' value=synonymValue ;

synonymValue : name=IDENT | value=(TRUE | FALSE) ;

// Keywords (lower case, reserved).
AKA : 'aka' ;
AS : 'as' ;
AND : 'and' ;
ASSESSMENT : 'assessment' ;
AUTHORITY : 'authority' ;
AVAILABLE : 'available' ;
BECAUSE : 'because' ;
BOOL : 'bool' ;
BY : 'by' ;
CODE : 'code' ;
COLUMN : 'column' ;
COMPONENT : 'component' ;
DEFAULT : 'default' ;
CONSTRAINT : 'constraint' ;
EFFECTIVE : 'effective' ;
ENTRY : 'entry' ;
ENUM : 'enum' ;
EXEMPT : 'exempt' ;
EXPECT : 'expect' ;
EXTEND : 'extend' ;
FACT : 'fact' ;
FALSE : 'false' ;
FOR : 'for' ;
FROM : 'from' ;
GIVEN : 'given' ;
HOLDS : 'holds' ;
IF : 'if' ;
IGNORE : 'ignore' ;
IMPACT : 'impact' ;
IMPORT : 'import' ;
IN : 'in' ;
KNOWN : 'known' ;
LAYOUT : 'layout' ;
MANDATORY : 'mandatory' ;
MODE : 'mode' ;
NOT : 'not' ;
NUMBER_KW : 'number' ;
OF : 'of' ;
ON : 'on' ;
OR : 'or' ;
REQUEST : 'request' ;
REQUIRE : 'require' ;
REQUIRED : 'required' ;
ROW : 'row' ;
RULE : 'rule' ;
SCHEME : 'scheme' ;
SEPARATED : 'separated' ;
SET : 'set' ;
SOURCE : 'source' ;
STRING_KW : 'string' ;
TEST : 'test' ;
THEN : 'then' ;
TRUE : 'true' ;
UNDER : 'under' ;
UNDETERMINED : 'undetermined' ;
UNTIL : 'until' ;
VIOLATION : 'violation' ;
VOLUNTARY : 'voluntary' ;
WHEN : 'when' ;
WITH : 'with' ;
ZH : 'zh' ;

LE : '<=' ;
GE : '>=' ;
NE : '!=' ;
EQ : '==' ;
LT : '<' ;
GT : '>' ;

// Dates are lexed loosely (digits-digits-digits) so that the checker can say
// what is wrong with `2024-8-1` instead of the parser failing on it.
DATE : DIGIT+ '-' DIGIT+ '-' DIGIT+ ;
NUMBER : '-'? DIGIT+ ('.' DIGIT+)? ;
IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// An unterminated string becomes its own token so the parser can name it.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
// A `/*` never closed runs to the end of the file (it cannot contain `*/`); its own token so
// the parser can say so instead of reporting `/` and `*` as bad characters.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* ;
WS : [ \t\r\n]+ -> channel(HIDDEN) ;

// Anything else is one bad character; the parser reports it with its position.
BAD_CHAR : . ;

fragment DIGIT : [0-9] ;
