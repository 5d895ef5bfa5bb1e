;;; ccr_mode_test.el --- Tests of editors/emacs/ccr-mode.el in a batch Emacs  -*- lexical-binding: t; -*-
;; emacs -Q --batch -L editors/emacs -l tests/editors/ccr_mode_test.el -f ccr-mode-test-run
;; (from the repository root). Prints PASS/FAIL per check and exits 1 if any failed.

;;; Code:

(require 'cl-lib)
(require 'bytecomp)

(defvar ccr-mode-test--root
  (expand-file-name "../.." (file-name-directory (or load-file-name buffer-file-name))))
(defvar ccr-mode-test--failed 0)
(defvar ccr-mode-test--passed 0)

(defun ccr-mode-test--file (relative)
  (expand-file-name relative ccr-mode-test--root))

(defun ccr-mode-test--check (name problems)
  "Report check NAME as passed if PROBLEMS (a list of strings) is empty."
  (if problems
      (progn (cl-incf ccr-mode-test--failed)
             (princ (format "FAIL  %s\n" name))
             (dolist (problem problems) (princ (format "  %s\n" problem))))
    (cl-incf ccr-mode-test--passed)
    (princ (format "PASS  %s\n" name))))

(defun ccr-mode-test--byte-compile ()
  "Byte-compile ccr-mode.el into a temporary directory; return the warnings."
  (let* ((dir (make-temp-file "ccr-emacs-" t))
         (source (ccr-mode-test--file "editors/emacs/ccr-mode.el"))
         (copy (expand-file-name "ccr-mode.el" dir))
         (byte-compile-error-on-warn t)
         (problems nil))
    (copy-file source copy)
    (with-current-buffer (get-buffer-create byte-compile-log-buffer) (erase-buffer))
    (unless (byte-compile-file copy)
      (push "byte-compile-file failed" problems))
    (with-current-buffer byte-compile-log-buffer
      (when (string-match-p "Warning\\|Error" (buffer-string))
        (push (string-trim (buffer-string)) problems)))
    (delete-directory dir t)
    problems))

(require 'ccr-mode)

(defun ccr-mode-test--visit (relative)
  "Visit RELATIVE (from the repository root) as a user would, fontified."
  (let ((buffer (find-file-noselect (ccr-mode-test--file relative))))
    (with-current-buffer buffer (font-lock-ensure))
    buffer))

(defun ccr-mode-test--locate (context token)
  "Move to TOKEN at or after CONTEXT on the first line holding CONTEXT."
  (setq case-fold-search nil)
  (goto-char (point-min))
  (unless (search-forward context nil t)
    (error "No line contains %S" context))
  (goto-char (match-beginning 0))
  (let ((regexp (if (string-match-p "\\`[A-Za-z0-9_]+\\'" token)
                    (concat "\\_<" (regexp-quote token) "\\_>")
                  (regexp-quote token))))
    (unless (re-search-forward regexp (line-end-position) t)
      (error "No %S after %S" token context))
    (goto-char (match-beginning 0))))

(defun ccr-mode-test--face-at (pos)
  (let ((face (get-text-property pos 'face)))
    (if (listp face) (car face) face)))

(defconst ccr-mode-test--expectations
  '(("// Every construct" "Every" font-lock-comment-face)
    ("/* A block" "block" font-lock-comment-face)
    ("import \"" "imported" font-lock-string-face)
    ("authority MIIT" "authority" font-lock-keyword-face)
    ("authority MIIT" "MIIT" font-lock-type-face)
    ("authority MIIT" "zh" font-lock-keyword-face)
    ("\"国家认证认可监督管理委员会\" under" "SAMR" font-lock-type-face)
    ("scheme CCC" "CCC" font-lock-function-name-face)
    ("by CNCA with SAMR" "CNCA" font-lock-type-face)
    ("by CNCA with SAMR" "SAMR" font-lock-type-face)
    ("by CNCA with SAMR" "mandatory" font-lock-builtin-face)
    ("by CNCA with SAMR" "market_access" font-lock-constant-face)
    ("with SAMR, CNCA" "CNCA" font-lock-type-face)
    ("enum Category" "Category" font-lock-type-face)
    ("fact category:" "category" font-lock-variable-name-face)
    ("fact category:" "Category" font-lock-type-face)
    ("fact emits_radio:" "bool" font-lock-type-face)
    ("fact rated_voltage_v:" "V" font-lock-builtin-face)
    ("fact intended_use:" "Use" font-lock-type-face)
    ("set ccc_catalogue" "ccc_catalogue" font-lock-variable-name-face)
    ("if emits_radio" "if" font-lock-keyword-face)
    ("if emits_radio" "CCC" font-lock-function-name-face)
    ("if emits_radio" "CNCA" font-lock-type-face)
    ("if category == power_bank" "CHINA_ROHS" font-lock-function-name-face)
    ("rule ccc_catalogue_row" "ccc_catalogue_row" font-lock-function-name-face)
    ("when category in ccc" "36" font-lock-constant-face)
    ("when category in ccc" "kg" font-lock-builtin-face)
    ("and temperature_c >=" "-20" font-lock-constant-face)
    ("known(rated_voltage_v" "rated_voltage_v" font-lock-variable-name-face)
    ("because \"Laptops" "Laptops" font-lock-string-face)
    ("effective from" "2020-10-01" font-lock-constant-face)
    ("category = laptop" "category" font-lock-variable-name-face)
    ("category = laptop" "mass_kg" font-lock-variable-name-face)
    ("temperature_c = -10" "radio_technologies" font-lock-variable-name-face)
    ("expect CCC required" "CCC" font-lock-function-name-face)
    ("expect CCC required" "required" font-lock-constant-face)
    ("expect CQC_MARK undetermined" "undetermined" font-lock-constant-face))
  "(line context, token, face) in tests/editors/samples/all_constructs.ccr.")

(defun ccr-mode-test--faces ()
  (with-current-buffer (ccr-mode-test--visit "tests/editors/samples/all_constructs.ccr")
    (let (problems)
      (unless (eq major-mode 'ccr-mode)
        (push (format "a .ccr file opens in %s, not ccr-mode" major-mode) problems))
      (dolist (expectation ccr-mode-test--expectations)
        (cl-destructuring-bind (context token face) expectation
          (ccr-mode-test--locate context token)
          (let ((got (ccr-mode-test--face-at (point))))
            (unless (eq got face)
              (push (format "line %d %S: expected %s, got %s"
                            (line-number-at-pos) token face got)
                    problems)))))
      (nreverse problems))))

(defun ccr-mode-test--keywords ()
  "Every keyword of grammar/Ccr.g4, alone on a line, gets a keyword-like face."
  (let ((grammar (with-temp-buffer
                   (insert-file-contents (ccr-mode-test--file "grammar/Ccr.g4"))
                   (buffer-string)))
        (start 0) keywords problems)
    (while (string-match "^[A-Z_]+[ \t]*:[ \t]*'\\([a-z_]+\\)'[ \t]*;" grammar start)
      (push (match-string 1 grammar) keywords)
      (setq start (match-end 0)))
    (when (< (length keywords) 40)
      (push (format "read only %d keywords from grammar/Ccr.g4" (length keywords)) problems))
    (dolist (keyword keywords)
      (with-temp-buffer
        (ccr-mode)
        (insert keyword "\n")
        (font-lock-ensure)
        (let ((face (ccr-mode-test--face-at (point-min))))
          (unless (memq face '(font-lock-keyword-face font-lock-builtin-face
                               font-lock-constant-face font-lock-type-face))
            (push (format "`%s' has face %s" keyword face) problems)))))
    problems))

(defun ccr-mode-test--reindent (relative)
  "Strip RELATIVE's indentation (outside block comments), indent it; return differences."
  (with-temp-buffer
    (insert-file-contents (ccr-mode-test--file relative))
    (ccr-mode)
    (let ((original (buffer-string)) problems)
      (goto-char (point-min))
      (while (not (eobp))
        (unless (nth 4 (syntax-ppss (line-beginning-position)))
          (delete-horizontal-space))
        (forward-line 1))
      (indent-region (point-min) (point-max))
      (let ((lines-now (split-string (buffer-string) "\n"))
            (lines-before (split-string original "\n"))
            (number 1))
        (while (and lines-now (< (length problems) 3))
          (unless (equal (car lines-now) (car lines-before))
            (push (format "%s:%d: %S, expected %S" relative number (car lines-now) (car lines-before))
                  problems))
          (setq lines-now (cdr lines-now) lines-before (cdr lines-before) number (1+ number))))
      (nreverse problems))))

(defun ccr-mode-test--ccr-files ()
  (let (files)
    (dolist (dir '("stdlib" "rules"))
      (dolist (file (directory-files-recursively (ccr-mode-test--file dir) "\\.ccr\\'"))
        (push (file-relative-name file ccr-mode-test--root) files)))
    (cons "tests/editors/samples/all_constructs.ccr" (sort files #'string<))))

(defun ccr-mode-test-run ()
  "Run every check, print the summary and exit (1 if a check failed)."
  (ccr-mode-test--check "ccr-mode.el byte-compiles without warnings" (ccr-mode-test--byte-compile))
  (ccr-mode-test--check "a .ccr file opens in ccr-mode; faces of each construct"
                        (ccr-mode-test--faces))
  (ccr-mode-test--check "every keyword of grammar/Ccr.g4 is highlighted" (ccr-mode-test--keywords))
  (ccr-mode-test--check "indentation re-creates the sample, stdlib/ and rules/ layout"
                        (apply #'append (mapcar #'ccr-mode-test--reindent (ccr-mode-test--ccr-files))))
  (with-current-buffer (get-buffer-create "*ccr comment*")
    (ccr-mode)
    (insert "fact x: bool")
    (comment-region (point-min) (point-max))
    (ccr-mode-test--check "M-; comments with //"
                          (unless (equal (buffer-string) "// fact x: bool")
                            (list (format "got %S" (buffer-string))))))
  (princ (format "\n%d passed, %d failed\n" ccr-mode-test--passed ccr-mode-test--failed))
  (kill-emacs (if (zerop ccr-mode-test--failed) 0 1)))

;;; ccr_mode_test.el ends here
