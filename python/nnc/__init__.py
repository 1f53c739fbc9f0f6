"""nnc from Python: compile a model to native code and call it on NumPy arrays.

    import nnc, numpy as np
    m = nnc.compile("model.onnx", dynamic_batch=True)
    y = m(np.zeros((5, 4), np.float32))

This is a thin ctypes layer over nnc's C API (include/nnc-c/nnc.h, in
libnnc.so); nothing needs to be installed. The library is looked up in this
order: $NNC_LIBRARY; <prefix>/lib/libnnc.so for the package at
<prefix>/python/nnc (an install tree); <root>/build/lib/libnnc.so for the
package at <root>/python/nnc (the source tree). `import nnc` works
without it; the first use raises NNCError naming the paths tried.

A Module (and the CompiledModel holding one) is used by one thread at a
time; calling a CompiledModel is safe from several threads.
"""
import ctypes
import json
import os
import shutil
import tempfile
import weakref

import numpy as np

__all__ = ["NNCError", "CompileError", "Module", "CompiledModel", "compile",
           "version"]


class NNCError(Exception):
    """An error reported by nnc (or libnnc.so could not be found)."""


class CompileError(NNCError):
    """Importing, transforming or compiling a model failed.

    `.diagnostics` is a list of (severity, location, message) tuples:
    severity is "error", "warning", "note" or "remark"; location is
    "file:line:col" or "".
    """

    def __init__(self, message, diagnostics=()):
        self.diagnostics = list(diagnostics)
        lines = [message] + ["  " + _format(d) for d in self.diagnostics]
        super().__init__("\n".join(lines))


def _format(diagnostic):
    severity, location, message = diagnostic
    return (location + ": " if location else "") + severity + ": " + message


# --- Loading libnnc.so -------------------------------------------------------

_HERE = os.path.dirname(os.path.abspath(__file__))
_SEVERITIES = ("error", "warning", "note", "remark")
_EMIT = {"exe": 0, "shared": 1, "static": 2, "object": 3, "llvmir": 4,
         "ptx": 5}
_DIAGNOSTIC_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int,
                                        ctypes.c_char_p, ctypes.c_char_p)
_lib = None


def _candidates():
    paths = []
    if os.environ.get("NNC_LIBRARY"):
        paths.append(os.environ["NNC_LIBRARY"])
    # <prefix>/python/nnc beside <prefix>/lib; then the source tree's build.
    paths.append(os.path.join(_HERE, "..", "..", "lib", "libnnc.so"))
    paths.append(os.path.join(_HERE, "..", "..", "build", "lib", "libnnc.so"))
    return [os.path.normpath(p) for p in paths]


def _library():
    """libnnc.so, loaded and declared on first use."""
    global _lib
    if _lib is not None:
        return _lib
    tried = _candidates()
    path = next((p for p in tried if os.path.isfile(p)), None)
    if path is None:
        raise NNCError("cannot find libnnc.so (set NNC_LIBRARY to its path); "
                       "tried: " + ", ".join(tried))
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise NNCError(f"cannot load {path}: {e}") from None
    P, S, I = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    out, size = ctypes.POINTER(P), ctypes.POINTER(ctypes.c_size_t)
    for fn, restype, argtypes in [
            ("nnc_version", S, []),
            ("nnc_status_string", S, [I]),
            ("nnc_free", None, [P]),
            ("nnc_context_create", I, [out]),
            ("nnc_context_destroy", None, [P]),
            ("nnc_context_set_diagnostic_callback", I,
             [P, _DIAGNOSTIC_CALLBACK, P]),
            ("nnc_options_create", I, [out]),
            ("nnc_options_destroy", None, [P]),
            ("nnc_options_set_target", I, [P, S, S, S]),
            ("nnc_options_set_opt_level", I, [P, I]),
            ("nnc_options_set_name", I, [P, S]),
            ("nnc_options_set_entry", I, [P, S]),
            ("nnc_options_set_num_threads", I, [P, I]),
            ("nnc_options_set_dynamic_batch", I, [P, I]),
            ("nnc_options_set_check_values", I, [P, I]),
            ("nnc_module_import_file", I, [P, S, I, P, out]),
            ("nnc_module_parse", I, [P, S, ctypes.c_size_t, out]),
            ("nnc_module_destroy", None, [P]),
            ("nnc_module_run_passes", I, [P, S]),
            ("nnc_module_print", I, [P, out, size]),
            ("nnc_module_ledger_json", I, [P, out, size]),
            ("nnc_module_signature_json", I, [P, P, out, size]),
            ("nnc_module_compile", I, [P, P, I, S]),
            ("nnc_module_compile_to_buffer", I, [P, P, I, out, size])]:
        f = getattr(lib, fn)
        f.restype, f.argtypes = restype, argtypes
    _lib = lib
    return lib


def version():
    """nnc's version: "nnc 0.1.0 (git <revision>)"."""
    return _library().nnc_version().decode()


def _status_name(status):
    return _library().nnc_status_string(status).decode()


# --- Contexts and options ----------------------------------------------------

class _Context:
    """An nnc_context whose diagnostics are collected in `self.diagnostics`."""

    def __init__(self):
        lib = _library()
        self.diagnostics = []
        handle = ctypes.c_void_p()
        if lib.nnc_context_create(ctypes.byref(handle)):
            raise NNCError("nnc_context_create failed")
        self.handle = handle.value
        # The C side keeps only a pointer: this object keeps the callback.
        self._callback = _DIAGNOSTIC_CALLBACK(self._report)
        lib.nnc_context_set_diagnostic_callback(self.handle, self._callback,
                                                None)
        self._finalizer = weakref.finalize(self, _destroy_context, lib,
                                           self.handle)

    def _report(self, _user_data, severity, location, message):
        name = _SEVERITIES[severity] if 0 <= severity < 4 else str(severity)
        text = lambda s: (s or b"").decode(errors="replace")
        self.diagnostics.append((name, text(location), text(message)))

    def call(self, what, fn, *args):
        """Calls fn(*args); a nonzero status raises CompileError with the
        diagnostics reported during the call."""
        self.diagnostics = []
        status = fn(*args)
        if status:
            raise CompileError(f"{what} failed ({_status_name(status)})",
                               self.diagnostics)
        return self.diagnostics


def _destroy_context(lib, handle):
    # The context's modules may outlive it: they must not call back here.
    lib.nnc_context_set_diagnostic_callback(handle, _DIAGNOSTIC_CALLBACK(),
                                            None)
    lib.nnc_context_destroy(handle)


def _take_string(ptr, size):
    """The text of a string nnc returned, which is then freed."""
    try:
        return ctypes.string_at(ptr, size.value).decode()
    finally:
        _library().nnc_free(ptr)


class _Options:
    """An nnc_options set from compile()'s keyword arguments."""

    def __init__(self, target=None, cpu=None, features=None, opt=3, name=None,
                 entry=None, num_threads=0, dynamic_batch=False,
                 check_values=True):
        lib = _library()
        handle = ctypes.c_void_p()
        if lib.nnc_options_create(ctypes.byref(handle)):
            raise NNCError("nnc_options_create failed")
        self.handle = handle.value
        self._finalizer = weakref.finalize(self, lib.nnc_options_destroy,
                                           self.handle)
        enc = lambda s: None if s is None else str(s).encode()
        self._set(lib.nnc_options_set_target, "target/cpu/features",
                  (target, cpu, features), enc(target), enc(cpu),
                  enc(features))
        self._set(lib.nnc_options_set_opt_level, "opt (0-3)", opt, int(opt))
        if name is not None:
            self._set(lib.nnc_options_set_name, "name (a C identifier)", name,
                      enc(name))
        if entry is not None:
            self._set(lib.nnc_options_set_entry, "entry", entry, enc(entry))
        self._set(lib.nnc_options_set_num_threads, "num_threads (>= 0)",
                  num_threads, int(num_threads))
        self._set(lib.nnc_options_set_dynamic_batch, "dynamic_batch",
                  dynamic_batch, int(bool(dynamic_batch)))
        self._set(lib.nnc_options_set_check_values, "check_values",
                  check_values, int(bool(check_values)))

    def _set(self, fn, what, value, *args):
        if fn(self.handle, *args):
            raise ValueError(f"invalid {what}: {value!r}")


# --- Modules -----------------------------------------------------------------

class Module:
    """An imported model (MLIR in nnc's dialects), owned by nnc."""

    def __init__(self, handle, context, default_name=None):
        """Internal: use Module.from_file or Module.parse."""
        self._handle, self._context = handle, context
        self._default_name = default_name  # the C name unless one is given
        self._finalizer = weakref.finalize(self, _library().nnc_module_destroy,
                                           handle)

    @classmethod
    def from_file(cls, path, dynamic_batch=False):
        """Imports a .onnx, .json (nnc model file) or MLIR file.

        dynamic_batch makes the first dimension of an ONNX or model-file
        model's inputs dynamic (the batch)."""
        path = os.fspath(path)
        if not os.path.exists(path):
            raise FileNotFoundError(f"no such model file: '{path}'")
        context, options = _Context(), _Options(dynamic_batch=dynamic_batch)
        handle = ctypes.c_void_p()
        context.call(f"importing '{path}'", _library().nnc_module_import_file,
                     context.handle, path.encode(), 0, options.handle,
                     ctypes.byref(handle))
        return cls(handle.value, context)

    @classmethod
    def parse(cls, text):
        """Parses MLIR text (nn or lower dialects); its C name is "model"."""
        data = text.encode() if isinstance(text, str) else bytes(text)
        context, handle = _Context(), ctypes.c_void_p()
        context.call("parsing MLIR", _library().nnc_module_parse,
                     context.handle, data, len(data), ctypes.byref(handle))
        return cls(handle.value, context, default_name="model")

    @property
    def handle(self):
        """The nnc_module, as an int (raises after close())."""
        if not self._finalizer.alive:
            raise NNCError("the module is closed")
        return self._handle

    def close(self):
        """Destroys the module now (also done when it is collected)."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _string(self, what, fn, *args):
        ptr, size = ctypes.c_void_p(), ctypes.c_size_t()
        self._context.call(what, fn, self.handle, *args, ctypes.byref(ptr),
                           ctypes.byref(size))
        return _take_string(ptr, size)

    def _options(self, **options):
        if options.get("name") is None and self._default_name:
            options["name"] = self._default_name
        return _Options(**options)

    def print(self):
        """The module as MLIR text."""
        return self._string("printing", _library().nnc_module_print)

    __str__ = print

    def ledger(self):
        """The shape ledger (parameters, memory, FLOPs per op) as a dict."""
        return json.loads(self._string("the shape ledger",
                                       _library().nnc_module_ledger_json))

    def signature(self, **options):
        """The entry's C signature: {"name", "inputs": [{"name", "dtype",
        "shape"}], "outputs": [...]}, dtypes as NumPy names, a dynamic
        dimension as -1. Takes compile()'s options (name, entry)."""
        opts = self._options(**options)
        return json.loads(self._string("the signature",
                                       _library().nnc_module_signature_json,
                                       opts.handle))

    def run_passes(self, pipeline):
        """Runs a pass pipeline on the module in place: a named pipeline
        ("nnc-cpu-pipeline") or a pipeline string ("nn-decompose")."""
        self._context.call(f"running '{pipeline}'",
                           _library().nnc_module_run_passes, self.handle,
                           pipeline.encode())
        return self

    def compile_to_file(self, path, emit="shared", **options):
        """Compiles a copy of the module to `path`: emit is "shared",
        "static", "object", "exe" or "llvmir" (libraries and objects also
        get <name>.h beside them). Takes compile()'s options; returns the
        warnings and notes as (severity, location, message) tuples."""
        if emit not in _EMIT:
            raise ValueError(f"emit must be one of {', '.join(_EMIT)}, "
                             f"got {emit!r}")
        opts = self._options(**options)
        return self._context.call(f"compiling to '{path}'",
                                  _library().nnc_module_compile, self.handle,
                                  opts.handle, _EMIT[emit],
                                  os.fspath(path).encode())

    def compile_to_bytes(self, emit="shared", **options):
        """Like compile_to_file, but returns the output's bytes."""
        if emit not in _EMIT:
            raise ValueError(f"emit must be one of {', '.join(_EMIT)}, "
                             f"got {emit!r}")
        opts = self._options(**options)
        ptr, size = ctypes.c_void_p(), ctypes.c_size_t()
        self._context.call("compiling",
                           _library().nnc_module_compile_to_buffer,
                           self.handle, opts.handle, _EMIT[emit],
                           ctypes.byref(ptr), ctypes.byref(size))
        try:
            return ctypes.string_at(ptr, size.value)
        finally:
            _library().nnc_free(ptr)


# --- Compiled models ---------------------------------------------------------

_RETURN_CODES = {
    2: "an output's batch differs from the inputs' batch",
    3: "the batch is less than 1",
    4: "a value the model checks is out of range (an embedding id outside "
       "its table, a class label outside the classes, or a dynamic size "
       "smaller than a window)",
}


def _shape_text(spec):
    return "[" + ", ".join("batch" if d == -1 else str(d)
                           for d in spec["shape"]) + "]"


class CompiledModel:
    """A model compiled to a shared library and loaded with ctypes; call it
    on NumPy arrays (m(x) or m(x1, x2)). It returns one array, or a tuple
    when the model has several outputs.

    Attributes: module (the Module), signature (as Module.signature),
    name (the C name), library_path and header_path (in a temporary
    directory removed by close() or when the object is collected),
    diagnostics (the compiler's warnings and notes)."""

    def __init__(self, module, **options):
        """Internal: use nnc.compile."""
        self.module = module
        self.signature = module.signature(**options)
        self.name = self.signature["name"]
        options["name"] = self.name
        self._dir = tempfile.mkdtemp(prefix="nnc-")
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._dir,
                                           ignore_errors=True)
        self.library_path = os.path.join(self._dir, f"lib{self.name}.so")
        self.header_path = os.path.join(self._dir, f"{self.name}.h")
        self.diagnostics = module.compile_to_file(self.library_path, "shared",
                                                  **options)
        try:
            self._dll = ctypes.CDLL(self.library_path)
        except OSError as e:
            raise NNCError(f"cannot load the compiled model (is it built for "
                           f"another target?): {e}") from None
        self._inputs = self.signature["inputs"]
        self._outputs = self.signature["outputs"]
        self._batched = any(s["shape"][:1] == [-1] for s in self._inputs)
        self._run = getattr(self._dll, self.name + "_run")
        self._run.restype = ctypes.c_int
        self._run.argtypes = ([ctypes.c_int64] if self._batched else []) + \
            [ctypes.c_void_p] * (len(self._inputs) + len(self._outputs))
        self._last_error = getattr(self._dll, self.name + "_last_error")
        self._last_error.restype = ctypes.c_char_p
        self._last_error.argtypes = []

    def close(self):
        """Removes the temporary directory (the library stays loaded)."""
        self._finalizer()

    def ledger(self):
        """The model's shape ledger as a dict (see Module.ledger)."""
        return self.module.ledger()

    def __repr__(self):
        sig = lambda specs: ", ".join(f"{s['name']}: {s['dtype']}"
                                      f"{_shape_text(s)}" for s in specs)
        return (f"<nnc.CompiledModel {self.name}({sig(self._inputs)}) -> "
                f"({sig(self._outputs)})>")

    def _check(self, spec, x, batch):
        """x as a C-contiguous array of spec's dtype and shape; the batch."""
        name, shape = spec["name"], spec["shape"]
        dtype = np.dtype(spec["dtype"])
        if not isinstance(x, np.ndarray):
            raise TypeError(f"{self.name}: input '{name}' must be a NumPy "
                            f"array of {dtype}{_shape_text(spec)}, got "
                            f"{type(x).__name__}")
        if x.dtype != dtype:
            raise TypeError(f"{self.name}: input '{name}' must have dtype "
                            f"{dtype}, got {x.dtype} (convert it with "
                            f".astype(np.{dtype}))")
        if x.ndim != len(shape) or any(d not in (-1, n)
                                       for d, n in zip(shape, x.shape)):
            raise ValueError(f"{self.name}: input '{name}' must have shape "
                             f"{_shape_text(spec)}, got {list(x.shape)}")
        if shape[:1] == [-1]:
            if batch is not None and x.shape[0] != batch[1]:
                raise ValueError(f"{self.name}: input '{name}' has batch "
                                 f"{x.shape[0]}, but input '{batch[0]}' has "
                                 f"batch {batch[1]}")
            if x.shape[0] < 1:
                raise ValueError(f"{self.name}: input '{name}' has batch "
                                 f"{x.shape[0]}; the batch must be at least 1")
            batch = (name, x.shape[0])
        return np.require(x, requirements="CA"), batch

    def __call__(self, *inputs):
        if len(inputs) != len(self._inputs):
            names = ", ".join(s["name"] for s in self._inputs)
            raise TypeError(f"{self.name} takes {len(self._inputs)} input(s) "
                            f"({names}), got {len(inputs)}")
        arrays, batch = [], None
        for spec, x in zip(self._inputs, inputs):
            a, batch = self._check(spec, x, batch)
            arrays.append(a)
        n = batch[1] if batch else None
        outputs = [np.empty([n if d == -1 else d for d in s["shape"]],
                            np.dtype(s["dtype"])) for s in self._outputs]
        args = [a.ctypes.data for a in arrays + outputs]
        rc = self._run(*([n] if self._batched else []), *args)
        if rc:
            why = self._last_error().decode(errors="replace")
            raise NNCError(f"{self.name}_run returned {rc}: "
                           + (why or _RETURN_CODES.get(rc, "an unknown error")))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)


def compile(model, target=None, cpu=None, features=None, opt=3, name=None,
            num_threads=0, dynamic_batch=False, check_values=True):
    """Compiles a model for this machine and returns a CompiledModel.

    model: a path to a .onnx, .json (nnc model file) or .mlir file, or a
        Module (which is not changed).
    target, cpu, features: an LLVM target triple, CPU ("haswell") and
        feature string ("+avx2"); None: the host's.
    opt: the optimization level, 0-3.
    name: the model's C name (a C identifier); None: from the file's name.
    num_threads: threads of the compiled code; 0: from the run time.
    dynamic_batch: make the inputs' first dimension (the batch) dynamic;
        for ONNX and model files, applied on import.
    check_values: check the values the model depends on (embedding ids,
        class labels); a value out of range raises NNCError.
    Raises CompileError (with .diagnostics) when the model does not compile.
    """
    if isinstance(model, Module):
        if dynamic_batch:
            raise ValueError("dynamic_batch applies when a model is imported: "
                             "use Module.from_file(path, dynamic_batch=True)")
        module = model
    else:
        module = Module.from_file(model, dynamic_batch=dynamic_batch)
    return CompiledModel(module, target=target, cpu=cpu, features=features,
                         opt=opt, name=name, num_threads=num_threads,
                         check_values=check_values)
