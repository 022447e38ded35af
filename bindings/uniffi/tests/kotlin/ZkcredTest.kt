// The Kotlin client of zkcred-ffi, as an Android app would use it: compiled
// with a real Kotlin compiler against the generated bindings and run on the
// JVM with JNA against libzkcred_ffi.so (scripts/test-mobile.sh).
//
//   java ... ZkcredTestKt KEY_DIR WORK_DIR [PROOFS]
//
// Flow: load the proving key once (off the caller's thread), create a wallet,
// receive a credential, answer a verifier's "over 18" request with a proof,
// verify it; then what must fail, with typed exceptions; then the benchmark
// line (median proving time, resident set before and peak while proving).
import java.io.File
import java.time.LocalDate
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.zkcred.*

const val SCHEMA = """{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
  "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"""

var passed = 0
var failed = 0

fun check(name: String, ok: Boolean) {
    if (ok) { passed++; println("ok   $name") } else { failed++; println("FAIL $name") }
}

/** Runs [block], which must throw exactly [T]. */
inline fun <reified T : Throwable> expectThrows(name: String, block: () -> Unit): T? {
    try {
        block()
    } catch (e: Throwable) {
        if (e is T) { check(name, true); return e }
        println("     got ${e::class.qualifiedName}: ${e.message}")
        check(name, false); return null
    }
    println("     no exception")
    check(name, false); return null
}

fun statusKb(field: String): Long =
    File("/proc/self/status").readLines().firstOrNull { it.startsWith(field) }
        ?.split(Regex("\\s+"))?.get(1)?.toLong() ?: 0L

fun main(args: Array<String>) = runBlocking {
    val keyDir = args[0]
    val workDir = args[1]
    val proofs = args.getOrNull(2)?.toInt() ?: 10
    val today = LocalDate.now()

    // Load the proving key once, off this thread: a ticker coroutine on this
    // (single-threaded) event loop keeps running while the key loads.
    var ticks = 0
    var ticker = launch { while (isActive) { ticks++; delay(2) } }
    val pk = loadProvingKeyFile("$keyDir/presentation.pk")
    check("loading the proving key suspends instead of blocking the caller's thread", ticks > 0)
    ticker.cancel()
    val vk = VerifyingKey.fromFile("$keyDir/presentation.vk")

    // Issuer (e.g. the KYC provider's back end, or the app itself).
    val issuer = Issuer.open(generateIssuerKey(), "$workDir/registry.db")

    // Holder: a wallet, its commitment to the issuer, the credential back.
    val wallet = Wallet.create()
    val credentialJson = issuer.issue(
        SCHEMA, """{"birth_date": "1990-05-17", "nationality": "DE"}""",
        wallet.holderCommitment(), today.minusDays(1).toString(), today.plusYears(1).toString())
    val held = wallet.receive(credentialJson)
    check("the wallet holds the credential", wallet.credentials().map { it.id } == listOf(held.id))
    check("the credential shows its issuer", held.issuer == issuer.publicKey())

    // Export and import: the whole wallet as JSON, and the bare secret.
    val restored = Wallet.fromJson(wallet.toJson())
    check("a wallet restored from JSON has the same commitment and credentials",
        restored.holderCommitment() == wallet.holderCommitment() && restored.credentials() == wallet.credentials())
    val secret = wallet.exportSecret()
    check("the secret exports as 32 bytes", secret.size == 32)
    check("a wallet from the exported secret has the same commitment",
        Wallet.fromSecret(secret).holderCommitment() == wallet.holderCommitment())

    // Verifier: an "over 18, EU national" request with a fresh challenge, as JSON.
    val verifierRequest = PresentationRequest(SCHEMA, "shop.example/age-gate")
        .acceptIssuer(issuer.publicKey(), issuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, "18")
        .require("nationality", PredicateOp.IN, """["DE", "FR", "IT", "ES"]""")
        .disclose("nationality")
    val requestJson = verifierRequest.toJson()

    // Holder: parse the request, pick the credential, fetch its path, prove.
    val request = PresentationRequest.fromJson(requestJson)
    val matching = wallet.matching(request)
    check("the credential matches the request", matching.map { it.id } == listOf(held.id))
    val path = issuer.nonRevocationPath(held.serial)
    val pathBytes = path.toBytes()
    check("the revocation path round-trips through bytes",
        RevocationPath.fromBytes(pathBytes).toBytes().contentEquals(pathBytes))
    ticks = 0
    ticker = launch { while (isActive) { ticks++; delay(2) } }
    val presentation = wallet.prove(request, held.id, RevocationPath.fromBytes(pathBytes), pk)
    check("proving suspends instead of blocking the caller's thread", ticks > 0)
    ticker.cancel()

    // Verifier: check against its own request.
    val verified = verifyPresentation(verifierRequest, presentation, vk)
    check("the verifier accepts the proof", verified.issuer == issuer.publicKey())
    check("only the nationality is disclosed", verified.disclosedJson == """{"nationality":"DE"}""")
    // Hex proof bytes never contain a dash or the attribute's name, so this cannot fail by chance.
    check("the presentation does not contain the birth date",
        !presentation.contains("1990-05-17") && !presentation.contains("birth_date"))
    val again = wallet.prove(request, held.id, path, pk)
    check("the nullifier is stable within the scope",
        verifyPresentation(verifierRequest, again, vk).nullifier == verified.nullifier)

    // What must fail, each with its typed exception.
    val nullifierHex = verified.nullifier.removePrefix("0x")
    val flipped = (if (nullifierHex[10] == '0') '1' else '0')
    val tampered = presentation.replace(nullifierHex, nullifierHex.substring(0, 10) + flipped + nullifierHex.substring(11))
    check("the tampering changed the presentation", tampered != presentation)
    expectThrows<ZkcredException.VerificationFailed>("a tampered presentation (nullifier) is rejected") {
        verifyPresentation(verifierRequest, tampered, vk)
    }
    val otherRequest = PresentationRequest.fromJson(requestJson.replace(Regex("\"challenge\": \"[0-9a-f]+\""),
        "\"challenge\": \"" + "0".repeat(62) + "\""))
    expectThrows<ZkcredException.VerificationFailed>("a presentation replayed against another challenge is rejected") {
        verifyPresentation(otherRequest, presentation, vk)
    }
    expectThrows<ZkcredException.Json>("a malformed presentation is a JSON error") {
        verifyPresentation(verifierRequest, "{not json", vk)
    }

    val minorBirthDate = today.minusYears(16).toString()
    val minor = Wallet.create()
    val minorCredential = minor.receive(issuer.issue(
        SCHEMA, """{"birth_date": "$minorBirthDate", "nationality": "FR"}""",
        minor.holderCommitment(), today.minusDays(1).toString(), today.plusYears(1).toString()))
    check("an underage holder's credential does not match", minor.matching(request).isEmpty())
    val refusal = expectThrows<ZkcredException.Unsatisfiable>("an underage holder is refused with Unsatisfiable") {
        runBlocking { minor.prove(request, minorCredential.id, issuer.nonRevocationPath(minorCredential.serial), pk) }
    }
    check("the refusal names the predicate, not the birth date",
        refusal?.message?.contains("birth_date") == true && refusal.message?.contains(minorBirthDate) == false)

    expectThrows<ZkcredException.Credential>("another holder's credential is refused") {
        minor.receive(credentialJson)
    }
    expectThrows<ZkcredException.Credential>("a credential received twice is refused") {
        wallet.receive(credentialJson)
    }
    expectThrows<ZkcredException.Key>("a malformed proving key is refused") {
        runBlocking { loadProvingKey(byteArrayOf(1, 2, 3)) }
    }
    expectThrows<ZkcredException.Io>("a missing key file is an I/O error") {
        runBlocking { loadProvingKeyFile("$workDir/no-such.pk") }
    }
    expectThrows<ZkcredException.InvalidDate>("an impossible date is refused") {
        verifierRequest.at("2025-02-30")
    }
    issuer.revoke(held.serial)
    expectThrows<ZkcredException.Revocation>("a revoked credential has no non-revocation path") {
        issuer.nonRevocationPath(held.serial)
    }
    val afterRevocation = PresentationRequest(SCHEMA, "shop.example/age-gate")
        .acceptIssuer(issuer.publicKey(), issuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, "18")
    expectThrows<ZkcredException.Unsatisfiable>("the old path does not prove non-revocation under the new root") {
        runBlocking { wallet.prove(afterRevocation, held.id, path, pk) }
    }

    // Benchmark: the same proof as the native Rust baseline (prove_native.rs).
    val benchIssuer = Issuer.inMemory(generateIssuerKey())
    val benchWallet = Wallet.create()
    val benchHeld = benchWallet.receive(benchIssuer.issue(
        SCHEMA, """{"birth_date": "1990-05-17", "nationality": "DE"}""",
        benchWallet.holderCommitment(), "2026-01-01", "2036-01-01"))
    val benchRequest = PresentationRequest(SCHEMA, "shop.example/age-gate")
        .acceptIssuer(benchIssuer.publicKey(), benchIssuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, "18")
    val benchPath = benchIssuer.nonRevocationPath(benchHeld.serial)
    verifyPresentation(benchRequest, benchWallet.prove(benchRequest, benchHeld.id, benchPath, pk), vk)
    System.gc()
    val reset = runCatching { File("/proc/self/clear_refs").writeText("5") }.isSuccess
    val rssBefore = statusKb("VmRSS:")
    val heapBefore = Runtime.getRuntime().let { it.totalMemory() - it.freeMemory() } / 1024
    val ms = (1..proofs).map {
        val start = System.nanoTime()
        benchWallet.prove(benchRequest, benchHeld.id, benchPath, pk)
        (System.nanoTime() - start) / 1e6
    }.sorted()
    val peak = statusKb("VmHWM:")
    val heapAfter = Runtime.getRuntime().let { it.totalMemory() - it.freeMemory() } / 1024
    println("kotlin prove_ms=%.1f min_ms=%.1f proofs=%d rss_before_kb=%d peak_kb=%d peak_reset=%b jvm_heap_used_kb=%d..%d"
        .format(ms[ms.size / 2], ms[0], proofs, rssBefore, peak, reset, heapBefore, heapAfter))

    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
