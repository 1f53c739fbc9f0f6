"""check_layering.py SOURCE_DIR: fails if a library includes or links one of
a layer above it. The layers, each allowed to use those before it:

  Dialect (nn IR, passes on nn, gradient rules, training, builders)
  Import (ONNX, model files) and Conversion (nn -> linalg), apart
  Codegen (linalg -> LLVM)
  Target (LLVM IR, objects, the C glue; reads Codegen's target attribute)
  InitAll (the registrations), Driver (a whole compile), CAPI (over it)

Read: the #include "nnc/<Area>/..." lines of lib/<Area> and
include/nnc/<Area>, and the NNC* libraries each lib/<Area>/**/CMakeLists.txt
links (mapped to areas by the library names the tree defines).
"""
import os
import re
import sys

ORDER = {"Dialect": 0, "Import": 1, "Conversion": 1, "Codegen": 2,
         "Target": 3, "InitAll": 4, "Driver": 5, "CAPI": 6}


def allowed(user, used):
    """Areas of one level (Import, Conversion) do not use each other."""
    return user == used or ORDER[used] < ORDER[user]


def main():
    root = sys.argv[1]
    lib_area = {}  # NNC library name -> area
    for area in ORDER:
        for dirpath, _, files in os.walk(os.path.join(root, "lib", area)):
            if "CMakeLists.txt" in files:
                text = open(os.path.join(dirpath, "CMakeLists.txt")).read()
                for name in re.findall(r"add_mlir_\w*library\((NNC\w+)", text):
                    lib_area[name] = area
    problems, checked = [], 0
    for area in ORDER:
        for top in (os.path.join(root, "lib", area),
                    os.path.join(root, "include", "nnc", area)):
            for dirpath, _, files in os.walk(top):
                for f in files:
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, root)
                    text = open(path, errors="replace").read()
                    if f.endswith((".cpp", ".h")):
                        checked += 1
                        for used in re.findall(r'#include "nnc/(\w+)/', text):
                            if used in ORDER and not allowed(area, used):
                                problems.append(f"{rel} ({area}) includes "
                                                f"nnc/{used}/")
                    elif f == "CMakeLists.txt":
                        checked += 1
                        for lib in re.findall(r"\b(NNC\w+)\b", text):
                            used = lib_area.get(lib)
                            if used and not allowed(area, used):
                                problems.append(f"{rel} ({area}) links {lib} "
                                                f"({used})")
    for p in problems:
        print("layering: " + p)
    print(f"layering: {checked} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
