" ccr rule files: docs/language.md, docs/editors.md.
autocmd BufNewFile,BufRead *.ccr setfiletype ccr
