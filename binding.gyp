# node-gyp build of the native addon (used by node-gyp-build and prebuildify; CMakeLists.txt is the
# cmake-js build of the same sources). Everything about LibTorch comes from scripts/find-libtorch.js,
# the single resolver (LIBTORCH, TORCH_CMAKE_PREFIX, a Python torch, Debian's libtorch-dev).
# Command expansions run with binding.gyp's directory as the working directory; when LibTorch is not
# found, the resolver runs again with its report (every place it looked) sent to stderr, which gyp shows.
{
  "targets": [
    {
      "target_name": "torchts",
      # Every native/*.cc, like CMakeLists.txt's file(GLOB).
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native').filter(f => f.endsWith('.cc')).sort().map(f => 'native/' + f).join(' ')\")"
      ],
      "include_dirs": [
        "<!@(node scripts/find-libtorch.js --include-dirs || node scripts/find-libtorch.js >&2)"
      ],
      # LibTorch needs RTTI and exceptions; node-gyp's common.gypi turns both off.
      "cflags_cc!": ["-fno-rtti", "-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      # -std=c++NN (the standard LibTorch's headers demand, at least 17) and
      # -D_GLIBCXX_USE_CXX11_ABI=N from Torch's own TorchConfig.cmake (never hard-coded).
      "cflags_cc": [
        "-frtti", "-fexceptions", "-Wno-unused-parameter",
        # node.h's NODE_MODULE_INIT casts the init function (noise under common.gypi's -Wextra).
        "-Wno-cast-function-type",
        "<!@(node scripts/find-libtorch.js --cxx-flags || node scripts/find-libtorch.js >&2)"
      ],
      # -L<libdir> -Wl,-rpath,<libdir> [-Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed] -ltorch -ltorch_cpu -lc10
      "libraries": [
        "<!@(node scripts/find-libtorch.js --libs || node scripts/find-libtorch.js >&2)"
      ],
      "configurations": {
        "Release": {
          "cflags!": ["-O3"],
          "cflags_cc!": ["-O3"],
          "cflags_cc": ["-O2"]
        }
      },
      "xcode_settings": {
        "GCC_ENABLE_CPP_RTTI": "YES",
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++<!(node scripts/find-libtorch.js --cxx-standard)",
        "MACOSX_DEPLOYMENT_TARGET": "11.0"
      }
    }
  ]
}
