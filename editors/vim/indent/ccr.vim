" Vim indent file
" Language: ccr rule files (.ccr)
" One level inside `{ }` and `( )`; a line continuing the previous declaration or condition
" (starting with `and`, `or`, `by`, `zh`, a doc string, ...) one level deeper than its start.
" This is the layout `ccrc fmt` writes.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetCcrIndent(v:lnum)
setlocal indentkeys=0{,0},0),!^F,o,O,=and,=or,=by,=zh,=under,=with,=aka,=code,=source
setlocal autoindent
let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*GetCcrIndent')
  finish
endif

" Words and tokens that can only continue a declaration or condition begun on an earlier line.
let s:continuation = '^\s*\%(\%(and\|or\|by\|zh\|under\|with\|mandatory\|voluntary\|impact\|mode\|aka\|code\)\>\|"\)'

" Returns the line without a trailing // comment and without strings, for counting brackets.
function s:Code(lnum) abort
  let l:line = substitute(getline(a:lnum), '"\%([^"\\]\|\\.\)*"', '""', 'g')
  return substitute(l:line, '//.*$', '', '')
endfunction

" Whether the line starts inside a block comment: the last `/*` or `*/` before it is a `/*`.
" (Not the syntax items: those are re-parsed after every re-indented line.) It looks back
" s:comment_lookback lines at most, so `gg=G` stays linear in the file size.
let s:comment_lookback = 100
function s:InBlockComment(lnum) abort
  let l:text = join(getline(max([1, a:lnum - s:comment_lookback]), a:lnum - 1), "\n")
  return strridx(l:text, '/*') > strridx(l:text, '*/')
endfunction

" Whether the line holds only a comment (or the rest of a block comment).
function s:IsComment(lnum) abort
  return getline(a:lnum) =~# '^\s*\%(//\|/\*\)' || s:InBlockComment(a:lnum)
endfunction

" Returns the previous line that holds code (not blank, not only a comment).
function s:PrevCode(lnum) abort
  let l:lnum = prevnonblank(a:lnum - 1)
  while l:lnum > 0 && s:IsComment(l:lnum)
    let l:lnum = prevnonblank(l:lnum - 1)
  endwhile
  return l:lnum
endfunction

" Whether the line continues a scheme step (`route`, `marking`, `body`, docs/language.md) with
" its `source`: in a rule, a line starting with `source` is a clause of its own.
function s:ContinuesStep(lnum) abort
  if getline(a:lnum) !~# '^\s*source\>'
    return 0
  endif
  let l:start = s:PrevCode(a:lnum)
  while l:start > 0 && getline(l:start) =~# s:continuation
    let l:start = s:PrevCode(l:start)
  endwhile
  return l:start > 0 && getline(l:start) =~# '^\s*\%(route\|marking\|body\)\>'
endfunction

" Whether the line continues the statement begun on an earlier line.
function s:IsContinuation(lnum) abort
  return getline(a:lnum) =~# s:continuation || s:ContinuesStep(a:lnum)
endfunction

function GetCcrIndent(lnum) abort
  let l:line = getline(a:lnum)
  " Inside a block comment: keep the comment's own layout.
  if s:InBlockComment(a:lnum)
    return -1
  endif
  let l:prev = s:PrevCode(a:lnum)
  if l:prev == 0
    return 0
  endif
  let l:code = s:Code(l:prev)
  let l:ind = indent(l:prev)
  " The statement the previous line belongs to starts one level up if it is a continuation.
  if s:IsContinuation(l:prev)
    let l:ind -= shiftwidth()
  endif
  " Brackets opened (or closed, not at the start) on the previous line.
  let l:opened = len(substitute(l:code, '[^{(]', '', 'g'))
  let l:closed = len(substitute(substitute(l:code, '^\s*[})]*', '', ''), '[^})]', '', 'g'))
  let l:ind += (l:opened - l:closed) * shiftwidth()
  if l:line =~# '^\s*[})]'
    let l:ind -= shiftwidth()
  elseif s:IsContinuation(a:lnum) && l:opened <= l:closed
    let l:ind += shiftwidth()
  endif
  return max([0, l:ind])
endfunction
