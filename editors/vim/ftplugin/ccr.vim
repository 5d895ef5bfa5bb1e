" Vim filetype plugin
" Language: ccr rule files (.ccr)
" Comments, formatting through the formatter (`ccrc fmt -`), `gf` on import paths.

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1
let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
" Wrap and continue comments, never code; `j` joins comment lines without the leader.
setlocal formatoptions-=t formatoptions+=croqlj
setlocal suffixesadd=.ccr
setlocal expandtab shiftwidth=2 softtabstop=2

" `gq` runs the formatter on the selected declarations (`gggqG`: the whole file). The formatter
" refuses text with syntax errors, so format whole declarations; `u` undoes a refusal. `=`
" keeps the indent script (it works on any few lines) unless g:ccr_equalprg_fmt is set.
let s:fmt = get(g:, 'ccr_fmt_command', 'ccrc fmt -')
let &l:formatprg = s:fmt
if get(g:, 'ccr_equalprg_fmt', 0)
  let &l:equalprg = s:fmt
endif

" :CcrFormat formats the whole buffer and leaves it untouched (showing the diagnostics) if the
" formatter refuses it.
command! -buffer -bar CcrFormat call s:Format()
if !exists('*s:Format')
  function s:Format() abort
    let l:output = systemlist(s:fmt, getline(1, '$'))
    if v:shell_error
      echohl ErrorMsg
      echo join(l:output, "\n")
      echohl None
      return
    endif
    if l:output !=# getline(1, '$')
      let l:view = winsaveview()
      silent keepjumps call deletebufline('%', len(l:output) + 1, '$')
      call setline(1, l:output)
      call winrestview(l:view)
    endif
  endfunction
endif

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< suffixesadd< expandtab<'
      \ . ' shiftwidth< softtabstop< formatprg< equalprg< | delcommand -buffer CcrFormat'

let &cpo = s:cpo_save
unlet s:cpo_save
