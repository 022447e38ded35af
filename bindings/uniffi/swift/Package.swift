// swift-tools-version:5.9
// The zkcred Swift package: the generated Swift bindings (target `Zkcred`)
// over the C interface of libzkcred_ffi (module `ZkcredFFI`).
//
// Made by scripts/build-xcframework.sh:
//   Sources/Zkcred/Zkcred.swift       the generated bindings
//   ZkcredFFI.xcframework             the static library for iOS devices and
//                                     simulators with Headers/{ZkcredFFI.h,
//                                     module.modulemap} (on macOS, xcodebuild)
//   linux/ZkcredFFI/                  on Linux, the headers and a module map
//                                     linking libzkcred_ffi.so, so that the
//                                     package builds on the CI machine too
//
// Use it from an app: File > Add Package Dependencies > Add Local...
// (this directory), then `import Zkcred`.
import PackageDescription

#if os(Linux)
let ffi: Target = .systemLibrary(name: "ZkcredFFI", path: "linux/ZkcredFFI")
#else
let ffi: Target = .binaryTarget(name: "ZkcredFFI", path: "ZkcredFFI.xcframework")
#endif

let package = Package(
    name: "Zkcred",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Zkcred", targets: ["Zkcred"]),
    ],
    targets: [
        ffi,
        .target(name: "Zkcred", dependencies: ["ZkcredFFI"], path: "Sources/Zkcred"),
    ]
)
