# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "NNC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nnc_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%nnc_src_root", config.nnc_src_root))
config.substitutions.append(
    ("%compare-npy", config.python_executable + " " +
     os.path.join(config.nnc_src_root, "test", "Inputs", "compare_npy.py")))
# What a C program links besides a model's object (nnc's runtime, libomp;
# the sanitizers' runtime in a sanitizer build, whose libnncrt.a is
# instrumented).
config.substitutions.append(
    ("%nnc-link", "-L{0}/lib -lnncrt -lm -L{1} -lomp -Wl,-rpath,{1} {2}".format(
        config.nnc_obj_root, config.nnc_openmp_dir,
        config.nnc_sanitize_link_flags)))
config.substitutions.append(
    ("%omp-link", "-L{0} -lomp -Wl,-rpath,{0} {1}".format(
        config.nnc_openmp_dir, config.nnc_sanitize_link_flags)))
# %exit-code CODE CMD...: succeeds only if CMD exits with CODE (not a signal).
config.substitutions.append(
    ("%exit-code", config.python_executable + " " +
     os.path.join(config.nnc_src_root, "test", "Inputs", "exit-code.py")))

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
# A sanitizer build (NNC_SANITIZE): every process preloads the shared ASan
# runtime, so that Python and plain-cc programs can load an emitted shared
# library (see test/CMakeLists.txt).
if config.nnc_asan_preload:
    config.environment["LD_PRELOAD"] = config.nnc_asan_preload
    config.environment["ASAN_OPTIONS"] = "detect_leaks=0"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1"
llvm_config.use_default_substitutions()

# LLVM 22's FileCheck / not / split-file, never LLVM 14's from PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.nnc_tools_dir, config.llvm_tools_dir]
tools = ["nnc-opt", "nnc-translate"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
