;;; ccr-mode.el --- Major mode for ccr rule files (.ccr)  -*- lexical-binding: t; -*-

;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages

;;; Commentary:

;; Highlighting (by position, like editors/vscode and editors/vim), `//' and `/* */'
;; comments, and indentation for the ccr rule language (docs/language.md, docs/editors.md).
;; Install: (add-to-list 'load-path "~/ccr/editors/emacs") (require 'ccr-mode)

;;; Code:

(defgroup ccr nil
  "Major mode for ccr rule files."
  :group 'languages
  :prefix "ccr-")

(defcustom ccr-indent-offset 2
  "Columns per indentation level in ccr files."
  :type 'integer
  :safe #'integerp)

(defconst ccr-keywords
  '("aka" "and" "as" "assessment" "authority" "available" "because" "bool" "by" "code" "column"
    "component" "constraint" "default" "effective" "entry" "enum" "exempt" "expect" "extend" "fact"
    "false" "for" "from" "given" "holds" "if" "ignore" "impact" "import" "in" "known" "layout"
    "mandatory" "mode" "not" "number" "of"
    "on" "or" "request" "require" "required" "row" "rule" "scheme" "separated" "set" "source"
    "string" "test" "then" "true" "under" "undetermined" "until" "violation" "voluntary" "when" "with" "zh")
  "The keywords of grammar/Ccr.g4 (tests/editors/ccr_mode_test.el checks each).")

(defconst ccr--name "\\([A-Za-z_][A-Za-z0-9_]*\\)")

(defun ccr--after (words)
  "Return a regexp matching one of WORDS, blanks, then a name (group 1)."
  (concat "\\_<" (regexp-opt words) "\\_>[ \t]+" ccr--name))

(defconst ccr-font-lock-keywords
  `(;; Declarations and the declared name.
    (,(ccr--after '("authority")) 1 font-lock-type-face)
    (,(ccr--after '("scheme")) 1 font-lock-function-name-face)
    (,(ccr--after '("fact")) 1 font-lock-variable-name-face)
    (,(ccr--after '("set")) 1
     (unless (equal (match-string 1) "of") font-lock-variable-name-face))
    (,(ccr--after '("rule")) 1 font-lock-function-name-face)
    (,(ccr--after '("enum")) 1 font-lock-type-face)
    ;; Authorities, schemes, facts and types where their position says what they are.
    (,(ccr--after '("by" "under")) 1 font-lock-type-face)
    ("\\_<with\\_>[ \t]+\\([A-Za-z_][A-Za-z0-9_]*\\(?:[ \t]*,[ \t]*[A-Za-z_][A-Za-z0-9_]*\\)*\\)"
     ("\\_<[A-Za-z_][A-Za-z0-9_]*\\_>"
      (progn (goto-char (match-beginning 1)) (match-end 1)) nil
      (0 font-lock-type-face)))
    (,(ccr--after '("require" "exempt" "expect")) 1 font-lock-function-name-face)
    (,(ccr--after '("impact" "mode")) 1 font-lock-constant-face)
    (,(concat "\\_<known\\_>[ \t]*([ \t]*" ccr--name) 1 font-lock-variable-name-face)
    (,(concat "\\(?::\\|\\_<of\\_>\\)[ \t]*" ccr--name) 1
     (unless (member (match-string 1) ccr-keywords) font-lock-type-face))
    (,(concat "\\_<in\\_>[ \t]+" ccr--name) 1
     (when (save-match-data
             (save-excursion (goto-char (match-beginning 0))
                             (looking-back "number[ \t]+" (line-beginning-position))))
       font-lock-builtin-face))
    ;; `given { fact = value, ... }': names before a single `='.
    (ccr--match-given-fact (1 font-lock-variable-name-face))
    ;; Keywords (after the positional names, which they do not override). Face forms that
    ;; search must keep the match data, or font-lock resumes at the wrong place.
    (,(regexp-opt '("mandatory" "voluntary") 'symbols) . font-lock-builtin-face)
    (,(regexp-opt '("required" "undetermined" "available" "true" "false") 'symbols) . font-lock-constant-face)
    (,(regexp-opt '("bool" "number" "string") 'symbols) . font-lock-type-face)
    (,(regexp-opt ccr-keywords 'symbols) . font-lock-keyword-face)
    ;; Literals: dates, numbers and their unit.
    ("\\_<[0-9]+-[0-9]+-[0-9]+\\_>" . font-lock-constant-face)
    (,(concat "\\(?:^\\|[^A-Za-z0-9_.]\\)\\(-?[0-9]+\\(?:\\.[0-9]+\\)?\\)\\(?:[ \t]*" ccr--name "\\)?")
     (1 font-lock-constant-face)
     (2 (unless (member (match-string 2) ccr-keywords) font-lock-builtin-face) nil t))
    ;; A character outside the language.
    ("[^[:space:][:alnum:]_{}(),:=<>!\"/*.-]" 0 font-lock-warning-face))
  "Font-lock rules for `ccr-mode'.")

(defun ccr--match-given-fact (limit)
  "Find the next fact name before `=' in `given { }', up to LIMIT (a matcher)."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat ccr--name "[ \t]*=\\(?:[^=]\\|$\\)") limit t))
      (setq found (save-match-data (ccr--in-given-p (match-beginning 1)))))
    found))

(defun ccr--in-given-p (pos)
  "Return non-nil if POS is directly inside the braces of a `given { ... }'."
  (let ((open (save-excursion (nth 1 (syntax-ppss pos)))))   ; syntax-ppss moves point
    (and open
         (save-excursion
           (goto-char open)
           (looking-back "\\_<given[ \t]*" (line-beginning-position))))))

(defvar ccr-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (dolist (char '(?< ?> ?= ?! ?- ?. ?, ?:))
      (modify-syntax-entry char "." table))
    table)
  "Syntax table for `ccr-mode'.")

(defconst ccr--continuation
  "[ \t]*\\(?:\\_<\\(?:and\\|or\\|by\\|zh\\|under\\|with\\|mandatory\\|voluntary\\|impact\\|mode\\|aka\\|code\\)\\_>\\|\"\\)"
  "A line starting so continues the declaration or condition above it.")

(defun ccr--previous-code-line ()
  "Move to the previous line holding code; return nil at the top of the buffer."
  (let (found)
    (while (and (not found) (zerop (forward-line -1)))
      (back-to-indentation)
      (unless (or (eolp) (nth 4 (syntax-ppss)) (looking-at "//\\|/\\*"))
        (setq found t)))
    found))

(defun ccr--continues-step-p ()
  "Whether the line at point continues a scheme step with its `source'.
A step starts with `route', `marking' or `body'; in a rule, a line
starting with `source' is a clause of its own."
  (save-excursion
    (back-to-indentation)
    (and (looking-at "source\\_>")
         (progn
           (while (and (ccr--previous-code-line) (looking-at ccr--continuation)))
           (looking-at "\\_<\\(?:route\\|marking\\|body\\)\\_>")))))

(defun ccr-calculate-indentation ()
  "Return the column for the current line (the layout of `ccrc fmt')."
  (save-excursion
    (back-to-indentation)
    (let ((closing (looking-at "[})]"))
          (continuation (or (looking-at ccr--continuation) (ccr--continues-step-p)))
          (depth (car (syntax-ppss))))
      (if (nth 4 (syntax-ppss))
          (current-indentation)
        (let ((base (* ccr-indent-offset depth)))
          (cond (closing (max 0 (- base ccr-indent-offset)))
                ((and continuation
                      (save-excursion
                        (and (ccr--previous-code-line)
                             (= depth (car (syntax-ppss (line-end-position)))))))
                 (+ base ccr-indent-offset))
                (t base)))))))

(defun ccr-indent-line ()
  "Indent the current line as `ccrc fmt' would."
  (interactive)
  (let ((column (ccr-calculate-indentation))
        (offset (- (current-column) (current-indentation))))
    (indent-line-to column)
    (when (> offset 0) (move-to-column (+ column offset)))))

;;;###autoload
(define-derived-mode ccr-mode prog-mode "ccr"
  "Major mode for ccr rule files (.ccr): highlighting, comments, indentation."
  :syntax-table ccr-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|/\\*+\\)\\s *")
  (setq-local indent-line-function #'ccr-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append "{}()" electric-indent-chars))
  (setq-local font-lock-defaults '(ccr-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.ccr\\'" . ccr-mode))

(provide 'ccr-mode)
;;; ccr-mode.el ends here
