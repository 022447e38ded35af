// The zkcred Android library module (AAR): the generated Kotlin bindings
// (`org.zkcred`) and libzkcred_ffi.so per ABI, made by
// scripts/build-android.sh:
//
//   src/main/kotlin/org/zkcred/zkcred_ffi.kt      (uniffi-bindgen, library mode)
//   src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libzkcred_ffi.so  (cargo-ndk)
//
// Include it in an app's settings.gradle.kts:
//   include(":zkcred"); project(":zkcred").projectDir = file("<zkcred>/bindings/uniffi/android")
// and depend on it: implementation(project(":zkcred")).
//
// Levels: minSdk 26 (Android 8.0: the bindings map dates to java.time.LocalDate,
// API 26; with core library desugaring in the app, 24 works too), compileSdk 35,
// NDK r27 (LTS), native code built for API 26 (`cargo ndk --platform 26`).
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.1.0"
}

android {
    namespace = "org.zkcred"
    compileSdk = 35
    ndkVersion = "27.2.12479018"

    defaultConfig {
        minSdk = 26
        // R8/ProGuard keep rules for JNA and the generated bindings, applied
        // to every app that uses this library (release builds crash without
        // them: JNA finds structures and callbacks by reflection).
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildTypes {
        release {
            isMinifyEnabled = false
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // JNA's Android AAR (it carries libjnidispatch.so per ABI).
    implementation("net.java.dev.jna:jna:5.15.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")
}
