"""Builds hearsay's Python extension with the project's own CMake (the
_hearsay target, python/CMakeLists.txt) and packages it with python/hearsay/
and the trained models (installed as hearsay/models, the default models
directory of an installed package). Offline: no download, no build
isolation needed (pip install --no-build-isolation .)."""

import glob
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        subprocess.run(
            ["cmake", "-S", ROOT, "-B", build_dir, *generator, "-DCMAKE_BUILD_TYPE=Release",
             "-DHEARSAY_BUILD_TESTS=OFF", "-DHEARSAY_BUILD_CLI=OFF", "-DHEARSAY_BUILD_PYTHON=ON", f"-DPython_EXECUTABLE={sys.executable}"],
            check=True,
        )
        subprocess.run(["cmake", "--build", build_dir, "--target", "_hearsay", "-j", jobs], check=True)
        built = glob.glob(os.path.join(build_dir, "python", "hearsay", "_hearsay*.so"))
        if not built:
            raise RuntimeError(f"CMake did not build the _hearsay extension in {build_dir}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


class BuildPyWithModels(build_py):
    def run(self):
        super().run()
        models = os.path.join(self.build_lib, "hearsay", "models")
        os.makedirs(models, exist_ok=True)
        for path in glob.glob(os.path.join(ROOT, "models", "*.hsm")):
            shutil.copyfile(path, os.path.join(models, os.path.basename(path)))


setup(
    packages=["hearsay"],
    package_dir={"": "python"},
    package_data={"hearsay": ["py.typed", "*.pyi"]},
    ext_modules=[CMakeExtension("hearsay._hearsay")],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithModels},
    zip_safe=False,
)
