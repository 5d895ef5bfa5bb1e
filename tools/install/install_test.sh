#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then use what was installed as a user would: the
# commands, the man pages, the bash completion, the C header and library, the Python module.
#   install_test.sh BUILD_DIR REPO_ROOT
set -euo pipefail
build=$1 root=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

fail() { echo "install_test: $*" >&2; exit 1; }
for file in bin/ccr bin/ccrc include/ccr.h share/man/man1/ccr.1 share/man/man1/ccrc.1 \
  share/bash-completion/completions/ccr share/bash-completion/completions/ccrc \
  share/vim/vimfiles/syntax/ccr.vim share/emacs/site-lisp/ccr-mode.el; do
  [ -e "$prefix/$file" ] || fail "missing $file"
done
lib=$(find "$prefix" -name 'libccr.so.*' | head -1)
[ -n "$lib" ] || fail "missing libccr.so"

# The installed ccr runs from anywhere and prints the built-in bundle's report.
(cd "$scratch" && "$prefix/bin/ccr" run --facts "$root/rules/examples/laptop.json" \
  --as-of 2025-06-01 --format json >expected.json) || [ $? -eq 1 ]

# The man page is the help text: every subcommand's --help is in it.
for sub in run test ask diff catalog serve; do
  grep -q "^\.SS $sub$" "$prefix/share/man/man1/ccr.1" || fail "ccr.1 lacks $sub"
done
help_line=$("$prefix/bin/ccr" run --help | grep -m1 -- '--facts')
[ -n "$help_line" ] || fail "ccr run --help has no --facts line"
grep -qF -- "$help_line" "$prefix/share/man/man1/ccr.1" || fail "ccr.1 differs from ccr run --help"

# Bash completion: `ccr ru<TAB>` and `ccr run --fo<TAB>`.
completed=$(bash -c "source '$prefix/share/bash-completion/completions/ccr'
  COMP_WORDS=(ccr ru); COMP_CWORD=1; _ccr; echo \"\${COMPREPLY[*]}\"
  COMP_WORDS=(ccr run --fo); COMP_CWORD=2; _ccr; echo \"\${COMPREPLY[*]}\"")
[ "$completed" = $'run\n--format' ] || fail "completion gave: $completed"

# A C program against the installed header and library.
cat >"$scratch/use.c" <<'C'
#include <ccr.h>
#include <stdio.h>
int main(void) {
  ccr_program *program = NULL;
  ccr_error *error = ccr_program_default(&program);
  if (error) { fputs(ccr_error_text(error), stderr); return 1; }
  printf("%s %s\n", ccr_version(), ccr_program_hash(program));
  ccr_program_free(program);
  return 0;
}
C
libdir=$(dirname "$lib")
cc -o "$scratch/use" "$scratch/use.c" -I"$prefix/include" -L"$libdir" -lccr \
  -Wl,-rpath,"$libdir"
"$scratch/use" | grep -qE '^[0-9.]+ [0-9a-f]{64}$' || fail "the C program against libccr failed"

# The Python module from its installed place (when this build has it).
python_dir=$(find "$prefix" -type d -path '*dist-packages/ccr' | head -1)
if [ -n "$python_dir" ]; then
  PYTHONPATH=$(dirname "$python_dir") /usr/bin/python3 - "$root" "$scratch/expected.json" <<'PY'
import sys, ccr
root, expected = sys.argv[1], open(sys.argv[2], "rb").read()
facts = open(f"{root}/rules/examples/laptop.json", encoding="utf-8").read()
report = ccr.Bundle.default().evaluate(facts, as_of="2025-06-01", format="json",
                                       where=f"{root}/rules/examples/laptop.json")
assert report.encode() == expected, "installed module's report differs from installed ccr's"
import os
assert ccr.__file__.startswith(os.environ["PYTHONPATH"]), ccr.__file__
PY
fi
echo "install_test: ok ($prefix)"
