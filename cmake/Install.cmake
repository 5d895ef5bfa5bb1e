# `cmake --install build [--prefix P]` and the Debian package (`cpack -G DEB` in build/), in the
# places a Debian tool uses (GNUInstallDirs: /usr/bin, /usr/lib/<multiarch>, /usr/include,
# /usr/share/man/man1, ...). docs/install.md says what goes where.
include(GNUInstallDirs)

install(TARGETS ccr ccrc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ccr_capi
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

if(TARGET ccr_manual)
  install(FILES ${PROJECT_BINARY_DIR}/manual/ccr.1 ${PROJECT_BINARY_DIR}/manual/ccrc.1
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${PROJECT_BINARY_DIR}/manual/ccr.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ccr)
  install(FILES ${PROJECT_BINARY_DIR}/manual/ccrc.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ccrc)
endif()

# Editors: Vim's and Emacs's system-wide directories on Debian; the VS Code extension folder
# (without node_modules) for a user to link or package.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/editors/vim/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vim/vimfiles)
install(FILES ${PROJECT_SOURCE_DIR}/editors/emacs/ccr-mode.el
        DESTINATION ${CMAKE_INSTALL_DATADIR}/emacs/site-lisp)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/editors/vscode/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/ccr/editors/vscode
        PATTERN node_modules EXCLUDE)

# The Python module, where Debian's python3 looks: /usr/lib/python3/dist-packages for the
# system prefix, lib/python3.X/dist-packages under /usr/local or another prefix.
if(TARGET ccr_python_native)
  execute_process(COMMAND ${CCR_PYTHON} -c
                          "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"
                  OUTPUT_VARIABLE CCR_PYTHON_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT CCR_PYTHON_INSTALL_DIR)
    if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
      set(CCR_PYTHON_INSTALL_DIR lib/python3/dist-packages)
    else()
      set(CCR_PYTHON_INSTALL_DIR lib/python${CCR_PYTHON_VERSION}/dist-packages)
    endif()
  endif()
  # The native module finds libccr relative to itself wherever the prefix is (both module
  # directories are four levels below the prefix).
  set_target_properties(ccr_python_native PROPERTIES
    INSTALL_RPATH "$ORIGIN/../../../../${CMAKE_INSTALL_LIBDIR}")
  install(TARGETS ccr_python_native LIBRARY DESTINATION ${CCR_PYTHON_INSTALL_DIR}/ccr)
  install(FILES python/ccr/__init__.py python/ccr/__init__.pyi python/ccr/py.typed
                python/ccr/dask.py python/ccr/dask.pyi
          DESTINATION ${CCR_PYTHON_INSTALL_DIR}/ccr)
endif()

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The .deb: dependencies found by dpkg-shlibdeps from the installed binaries, plus the Python
# packages the module's optional parts use.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ccr)
set(CPACK_PACKAGE_CONTACT "ccr maintainers <ccr@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "which Chinese certifications a product needs, and why: rule compiler and evaluator")
# `./dev deb` configures the prefix /usr, as Debian policy wants for a package.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-pandas, python3-dask, python3-distributed")
# The native module is built for one Python (its file name says cpython-3XX), which
# dpkg-shlibdeps does not see: depend on that version.
if(TARGET ccr_python_native)
  string(REPLACE "." ";" CCR_PYTHON_VERSION_PARTS ${CCR_PYTHON_VERSION})
  list(GET CCR_PYTHON_VERSION_PARTS 0 CCR_PYTHON_MAJOR)
  list(GET CCR_PYTHON_VERSION_PARTS 1 CCR_PYTHON_MINOR)
  math(EXPR CCR_PYTHON_NEXT_MINOR "${CCR_PYTHON_MINOR} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3 (>= ${CCR_PYTHON_VERSION}~), \
python3 (<< ${CCR_PYTHON_MAJOR}.${CCR_PYTHON_NEXT_MINOR}~)")
endif()
# Stripped, as Debian ships binaries: 3 MB instead of 60 MB of debug information (to debug,
# use the RelWithDebInfo build tree itself).
set(CPACK_STRIP_FILES ON)
include(CPack)
