" Vim syntax file
" Language: ccr rule files (.ccr), see docs/language.md and grammar/Ccr.g4
" Names are highlighted by their position: the scheme after `scheme`, `require`, `exempt`,
" `expect`; the authority after `authority`, `by`, `with`, `under`; the fact after `fact`,
" `known(` and before `=` in `given`; the type after `:` and `of`.

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync minlines=200
syn iskeyword @,48-57,_

" Keywords not highlighted by position below (tests/editors/keyword_coverage_test.mjs checks
" that every keyword of grammar/Ccr.g4 is highlighted).
syn keyword ccrConditional if then when
syn keyword ccrTestKeyword given violation
syn keyword ccrClause because source effective from until as aka code row assessment default holds
syn keyword ccrStorage entry extend
syn keyword ccrDeclKeyword zh
syn keyword ccrLevel mandatory voluntary on request
syn keyword ccrOutcome required undetermined available
syn keyword ccrPrimitive bool string
syn keyword ccrBoolean true false
syn keyword ccrLogical and or not
syn keyword ccrMembership in
syn keyword ccrInclude import
syn keyword ccrDeclKeyword layout column ignore separated component for
" `set`, `enum`, `of` and `number` are matches, not keywords: a keyword would win over the
" matches below that highlight the name after them.
syn match ccrStorage /\<\%(set\|enum\)\>/
syn match ccrClause /\<of\>/
syn match ccrPrimitive /\<number\>/
syn keyword ccrKnown known nextgroup=ccrKnownParen skipwhite

" Declarations: keyword, then the declared name.
syn keyword ccrStorage authority nextgroup=ccrAuthorityName skipwhite
syn keyword ccrStorage scheme nextgroup=ccrSchemeName skipwhite
syn keyword ccrStorage fact nextgroup=ccrFactName skipwhite
syn keyword ccrStorage rule nextgroup=ccrRuleName skipwhite
syn keyword ccrStorage test constraint
syn match ccrAuthorityName contained /\<\h\w*\>/
syn match ccrSchemeName contained /\<\h\w*\>/
syn match ccrFactName contained /\<\h\w*\>/
syn match ccrRuleName contained /\<\h\w*\>/
syn match ccrStorage /\<set\>\ze\s\+\%(of\>\)\@!\h/ nextgroup=ccrSetName skipwhite
syn match ccrSetName contained /\<\h\w*\>/
syn match ccrStorage /\<enum\>\ze\s\+\h/ nextgroup=ccrTypeName skipwhite
syn match ccrTypeName contained /\<\%(\%(enum\|set\|bool\|number\|string\)\>\)\@!\h\w*\>/

" The type after `fact name:` / `set name:`, and after `set of`.
syn match ccrDelimiter /:/ nextgroup=ccrTypeName skipwhite
syn match ccrClause /\<of\>\ze\s\+\h/ nextgroup=ccrTypeName skipwhite
syn match ccrPrimitive /\<number\>\ze\s\+in\>/ nextgroup=ccrUnitIn skipwhite
syn match ccrUnitIn contained /\<in\>/ nextgroup=ccrUnit skipwhite

" Scheme declarations: authorities, partners, impact and management mode.
syn keyword ccrDeclKeyword by under nextgroup=ccrAuthority skipwhite
syn keyword ccrDeclKeyword with nextgroup=ccrPartner skipwhite
syn match ccrAuthority contained /\<\h\w*\>/
syn match ccrPartner contained /\<\h\w*\>/ nextgroup=ccrPartnerComma skipwhite
syn match ccrPartnerComma contained /,/ nextgroup=ccrPartner skipwhite
syn keyword ccrDeclKeyword impact mode nextgroup=ccrDeclConstant skipwhite
syn match ccrDeclConstant contained /\<\h\w*\>/

" Actions and test expectations name a scheme.
syn keyword ccrAction require exempt nextgroup=ccrSchemeRef skipwhite
syn keyword ccrTestKeyword expect nextgroup=ccrExpectScheme skipwhite
syn match ccrSchemeRef contained /\<\h\w*\>/
" `expect violation NAME` names a constraint: `violation` stays a keyword.
syn match ccrExpectScheme contained /\<\%(violation\>\)\@!\h\w*\>/ nextgroup=ccrExpectOutcome skipwhite
syn match ccrExpectOutcome contained /\<\%(not\s\+required\|required\|undetermined\|exempt\|available\)\>/

" known(fact)
syn match ccrKnownParen contained /(/ nextgroup=ccrKnownFact skipwhite
syn match ccrKnownFact contained /\<\h\w*\>/

" Enum bodies: `enum Name { a, b }` and inline `enum { a, b }`.
syn region ccrEnumBody matchgroup=ccrBrace start=/\%(\<enum\>\%(\s\+\h\w*\)\=\s*\)\@<={/ end=/}/
      \ contains=ccrEnumValue,ccrComment,ccrBlockComment,ccrDelimiter
syn match ccrEnumValue contained /\<\h\w*\>/

" `given { fact = value, ... }`: the names before a single `=` are facts.
syn region ccrGiven matchgroup=ccrBrace start=/\%(\<given\s*\)\@<={/ end=/}/
      \ contains=ccrGivenFact,ccrSetLiteral,@ccrExpression
syn match ccrGivenFact contained /\<\h\w*\>\ze\s*=[^=]/
syn region ccrSetLiteral contained matchgroup=ccrBrace start=/{/ end=/}/ contains=@ccrExpression

syn cluster ccrExpression contains=ccrString,ccrNumber,ccrDate,ccrOperator,ccrBoolean,ccrLogical,
      \ccrMembership,ccrKnown,ccrComment,ccrBlockComment,ccrDelimiter,ccrError,ccrUnterminated

" Literals: strings, numbers with an optional unit, dates.
syn region ccrString start=/"/ skip=/\\./ end=/"/ contains=ccrEscape oneline
syn match ccrEscape contained /\\./
" A string without its closing quote (the lexer's UNTERMINATED_STRING); after the region so
" that it wins where both start.
syn match ccrUnterminated /"\%([^"\\]\|\\.\)*\\\=$/
syn match ccrNumber /\%(\w\|\.\)\@1<!-\=\d\+\%(\.\d\+\)\=\%(\w\|\.\)\@!/ nextgroup=ccrUnit skipwhite
syn match ccrUnit contained /\<\%(\%(and\|or\|not\|in\|then\|require\|exempt\|because\|source\|effective\|from\|until\|expect\|given\|as\|by\|mandatory\|voluntary\|when\|rule\|test\|fact\|scheme\|authority\|enum\|set\|if\|import\|layout\|column\|ignore\|separated\|component\|for\|constraint\|holds\|violation\)\>\)\@!\h\w*\>/
syn match ccrDate /\%(\w\|\.\)\@1<!\d\+-\d\+-\d\+\%(\w\|\.\)\@!/

" `->` and `|` map a layout's columns and synonyms.
syn match ccrOperator /->\|[|]\|[<>!=]=\|[<>=]/
syn match ccrDelimiter /[,()]/

" Comments.
syn keyword ccrTodo contained TODO FIXME XXX NOTE
syn match ccrComment /\/\/.*$/ contains=ccrTodo,@Spell
syn region ccrBlockComment start=/\/\*/ end=/\*\// contains=ccrTodo,@Spell

" What the lexer would turn into BAD_CHAR: characters outside the language.
syn match ccrError /[^[:space:][:alnum:]_{}(),:=<>!"\/*.|-]/
syn match ccrError /!=\@!/

hi def link ccrConditional Conditional
hi def link ccrAction Statement
hi def link ccrTestKeyword Statement
hi def link ccrClause Keyword
hi def link ccrDeclKeyword Keyword
hi def link ccrInclude Include
hi def link ccrStorage StorageClass
hi def link ccrLevel Type
hi def link ccrPrimitive Type
hi def link ccrTypeName Type
hi def link ccrOutcome Constant
hi def link ccrExpectOutcome Constant
hi def link ccrBoolean Boolean
hi def link ccrLogical Operator
hi def link ccrMembership Operator
hi def link ccrOperator Operator
hi def link ccrUnitIn Keyword
hi def link ccrKnown Function
hi def link ccrAuthorityName Identifier
hi def link ccrSchemeName Function
hi def link ccrFactName Identifier
hi def link ccrRuleName Function
hi def link ccrSetName Identifier
hi def link ccrAuthority Identifier
hi def link ccrPartner Identifier
hi def link ccrSchemeRef Function
hi def link ccrExpectScheme Function
hi def link ccrDeclConstant Constant
hi def link ccrKnownFact Identifier
hi def link ccrGivenFact Identifier
hi def link ccrEnumValue Constant
hi def link ccrString String
hi def link ccrEscape SpecialChar
hi def link ccrUnterminated Error
hi def link ccrNumber Number
hi def link ccrUnit Special
hi def link ccrDate Number
hi def link ccrDelimiter Delimiter
hi def link ccrBrace Delimiter
hi def link ccrComment Comment
hi def link ccrBlockComment Comment
hi def link ccrTodo Todo
hi def link ccrError Error

let b:current_syntax = 'ccr'
let &cpo = s:cpo_save
unlet s:cpo_save
