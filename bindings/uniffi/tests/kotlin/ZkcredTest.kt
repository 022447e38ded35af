// The Kotlin client of zkcred-ffi, as an Android app would use it: compiled
// with a real Kotlin compiler against the generated bindings and run on the
// JVM with JNA against libzkcred_ffi.so (scripts/test-mobile.sh).
//
//   java ... ZkcredTestKt KEY_DIR WORK_DIR [PROOFS]
//
// Flow: load the proving key once (off the caller's thread, checked against
// the verifying key), create a wallet,
// receive a credential, answer a verifier's "over 18" request with a proof,
// verify it; then what must fail, with typed exceptions; then the SME credit
// flow (a provider attests, the SME's wallet stores it and proves a lender's
// policy on a background coroutine, the lender verifies; what must fail);
// then the benchmark lines (median proving time, resident set before and
// peak while proving) for the presentation and the credit proof.
import java.io.File
import java.time.LocalDate
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.zkcred.*

// The verifier's origin as the app verified it (Android App Links): the
// wallet proves only for requests scoped under it.
const val ORIGIN = "https://shop.example"

const val SCHEMA = """{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
  "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"""

// An SME's metrics (distinctive values: a message showing one is caught).
const val SME_METRICS = """{"annual_revenue": 314159265, "monthly_transaction_volume": 18123456,
  "on_time_repayment_bps": 9731, "outstanding_debt": 41234567, "years_in_business": 7, "defaults_24m": 0}"""

// A lender's linear scorecard: 2 x 9731 + 150 x 7 = 20512 >= 19000.
const val SCORECARD = """{"scorecardVersion": 1, "id": "lender.example/sme", "version": 1, "type": "linear",
  "features": [{"metric": "on_time_repayment_bps", "weight": 2}, {"metric": "years_in_business", "weight": 150},
    {"metric": "defaults_24m", "weight": -2500}], "bias": 0, "cutoff": 19000}"""

// A lender's binned points scorecard (succinct path): 25 + 40 + 30 + 15 = 110 >= 100.
const val BINNED = """{"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
  "features": [
    {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
    {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
    {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]},
    {"metric": "annual_revenue", "bins": [{"min": 0, "max": 99999999, "points": 0}, {"min": 100000000, "points": 15}]}
  ],
  "cutoff": 100}"""

/** A lender's policy: six thresholds the SME meets and the scorecard. */
fun lenderPolicy(provider: CreditProvider): CreditPolicy = CreditPolicy("EUR")
    .acceptIssuer(provider.publicKey())
    .require(CreditMetric.ANNUAL_REVENUE, CreditBound.AT_LEAST, 200_000_000uL)
    .require(CreditMetric.MONTHLY_TRANSACTION_VOLUME, CreditBound.AT_LEAST, 10_000_000uL)
    .require(CreditMetric.ON_TIME_REPAYMENT_BPS, CreditBound.AT_LEAST, 9_500uL)
    .require(CreditMetric.OUTSTANDING_DEBT, CreditBound.AT_MOST, 50_000_000uL)
    .require(CreditMetric.YEARS_IN_BUSINESS, CreditBound.AT_LEAST, 3uL)
    .require(CreditMetric.DEFAULTS24M, CreditBound.AT_MOST, 0uL)
    .withScorecard(SCORECARD)

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
    val vk = VerifyingKey.fromFile("$keyDir/presentation.vk")
    var ticks = 0
    var ticker = launch { while (isActive) { ticks++; delay(2) } }
    val pk = loadProvingKeyFile("$keyDir/presentation.pk", vk)
    check("loading the proving key suspends instead of blocking the caller's thread", ticks > 0)
    ticker.cancel()

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
    val verifierRequest = PresentationRequest(SCHEMA, "$ORIGIN/age-gate")
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
    val presentation = wallet.prove(request, held.id, RevocationPath.fromBytes(pathBytes), pk, ORIGIN)
    check("proving suspends instead of blocking the caller's thread", ticks > 0)
    ticker.cancel()

    // Verifier: check against its own request.
    val verified = verifyPresentation(verifierRequest, presentation, vk)
    check("the verifier accepts the proof", verified.issuer == issuer.publicKey())
    check("only the nationality is disclosed", verified.disclosedJson == """{"nationality":"DE"}""")
    // Hex proof bytes never contain a dash or the attribute's name, so this cannot fail by chance.
    check("the presentation does not contain the birth date",
        !presentation.contains("1990-05-17") && !presentation.contains("birth_date"))
    val again = wallet.prove(request, held.id, path, pk, ORIGIN)
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
        runBlocking { minor.prove(request, minorCredential.id, issuer.nonRevocationPath(minorCredential.serial), pk, ORIGIN) }
    }
    check("the refusal names the predicate, not the birth date",
        refusal?.message?.contains("birth_date") == true && refusal.message?.contains(minorBirthDate) == false)
    // The same refusal as a value, with its details.
    val why = minor.check(request, minorCredential.id, issuer.nonRevocationPath(minorCredential.serial))
    check("check names the failing predicate's position and attribute",
        why?.kind == ZkcredErrorKind.UNSATISFIABLE && why.details.predicate == 0u && why.details.attribute == "birth_date")
    check("check refuses nothing for a credential that answers the request",
        wallet.check(request, held.id, path) == null)

    // Batch verification: one row per proof, in order, each refusal with its kind.
    val rows = verifyBatch(verifierRequest, vk,
        listOf(presentation.toByteArray(), tampered.toByteArray(), byteArrayOf(-1, 0, 19, 55)))
    check("a batch gives one row per proof, in order", rows.map { it.index } == listOf(0u, 1u, 2u))
    check("the batch accepts the good proof with its nullifier and disclosures",
        rows[0].accepted && rows[0].nullifier == verified.nullifier && rows[0].disclosedJson == verified.disclosedJson)
    check("the batch refuses the tampered proof, opaquely",
        !rows[1].accepted && rows[1].errorKind == ZkcredErrorKind.VERIFICATION_FAILED && rows[1].nullifier == null)
    check("the batch refuses garbage as an encoding error",
        !rows[2].accepted && rows[2].errorKind == ZkcredErrorKind.ENCODING)

    expectThrows<ZkcredException.Credential>("another holder's credential is refused") {
        minor.receive(credentialJson)
    }
    expectThrows<ZkcredException.Credential>("a credential received twice is refused") {
        wallet.receive(credentialJson)
    }
    expectThrows<ZkcredException.Key>("a malformed proving key is refused") {
        runBlocking { loadProvingKey(byteArrayOf(1, 2, 3), vk) }
    }
    // The prover's beta_1 and delta_1 follow the embedded verifying key:
    // swapped, every point still parses, but the key does not fit the vk.
    val pkBytes = File("$keyDir/presentation.pk").readBytes()
    val at = vk.toBytes().size
    val unfit = pkBytes.copyOf()
    pkBytes.copyInto(unfit, at, at + 32, at + 64)
    pkBytes.copyInto(unfit, at + 32, at, at + 32)
    expectThrows<ZkcredException.Key>("a proving key that does not fit the verifying key is refused") {
        runBlocking { loadProvingKey(unfit, vk) }
    }
    val scopeRefusal = expectThrows<ZkcredException.ScopeMismatch>("a request scoped to another origin than the app-verified one is refused") {
        runBlocking { wallet.prove(request, held.id, path, pk, "https://bank.example") }
    }
    check("the scope refusal names neither origin", scopeRefusal?.message?.contains("example") == false)
    val borrowed = PresentationRequest.fromJson(requestJson.replace("$ORIGIN/age-gate", "https://bank.example/kyc"))
    expectThrows<ZkcredException.ScopeMismatch>("a request for another site's scope is refused for the verified origin") {
        runBlocking { wallet.prove(borrowed, held.id, path, pk, ORIGIN) }
    }
    expectThrows<ZkcredException.Io>("a missing key file is an I/O error") {
        runBlocking { loadProvingKeyFile("$workDir/no-such.pk", vk) }
    }
    expectThrows<ZkcredException.InvalidDate>("an impossible date is refused") {
        verifierRequest.at("2025-02-30")
    }
    issuer.revoke(held.serial)
    expectThrows<ZkcredException.Revocation>("a revoked credential has no non-revocation path") {
        issuer.nonRevocationPath(held.serial)
    }
    val afterRevocation = PresentationRequest(SCHEMA, "$ORIGIN/age-gate")
        .acceptIssuer(issuer.publicKey(), issuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, "18")
    expectThrows<ZkcredException.Unsatisfiable>("the old path does not prove non-revocation under the new root") {
        runBlocking { wallet.prove(afterRevocation, held.id, path, pk, ORIGIN) }
    }

    // Credit: a data provider (e.g. the SME's bank) attests its metrics; the
    // SME's wallet keeps the attestation with its openings.
    val provider = CreditProvider(generateProviderKey(), "bank.example")
    val attested = provider.attest("EUR", SME_METRICS, today.minusDays(10).toString(), today.plusDays(80).toString())
    val sme = Wallet.create()
    val creditHeld = sme.receiveCredit(attested.attestationJson(), attested.openingsJson())
    check("the SME's wallet holds the credit attestation",
        sme.creditAttestations() == listOf(creditHeld) && creditHeld.issuer == provider.publicKey())
    check("the credit attestation survives the wallet's JSON",
        Wallet.fromJson(sme.toJson()).creditAttestations() == listOf(creditHeld))
    check("the issued attestation's toString does not show the openings",
        !attested.toString().contains("blindings") && !attested.toString().contains("314159265"))

    // Lender: a policy with a fresh challenge, sent as JSON; the SME proves it
    // on a background coroutine while this thread keeps ticking.
    val lender = lenderPolicy(provider)
    val policyJson = lender.toJson()
    val received = CreditPolicy.fromJson(policyJson)
    check("the attestation matches the lender's policy",
        sme.creditMatching(received).map { it.id } == listOf(creditHeld.id))
    ticks = 0
    ticker = launch { while (isActive) { ticks++; delay(2) } }
    val creditProof = async(Dispatchers.Default) { sme.proveCredit(received, creditHeld.id) }.await()
    ticker.cancel()
    val creditVerified = verifyCredit(lender, creditProof)
    check("the lender accepts the credit proof",
        creditVerified.issuerId == "bank.example" && creditVerified.issuer == provider.publicKey())
    check("the credit proof does not contain the metrics",
        !creditProof.contains("annual_revenue") && !creditProof.contains("\"metrics\""))

    // What must fail.
    val tooHigh = received.require(CreditMetric.ANNUAL_REVENUE, CreditBound.AT_LEAST, 314_159_266uL)
    check("a threshold above the SME's revenue does not match", sme.creditMatching(tooHigh).isEmpty())
    val creditRefusal = expectThrows<ZkcredException.Unsatisfiable>("a threshold above the SME's revenue is refused with Unsatisfiable") {
        runBlocking { async(Dispatchers.Default) { sme.proveCredit(tooHigh, creditHeld.id) }.await() }
    }
    check("the credit refusal names the metric, not its value",
        creditRefusal?.message?.contains("annual_revenue") == true && creditRefusal.message?.contains("314159265") == false)
    val replayed = CreditPolicy.fromJson(policyJson.replace(Regex("\"challenge\": \"[0-9a-f]+\""),
        "\"challenge\": \"" + "0".repeat(64) + "\""))
    expectThrows<ZkcredException.VerificationFailed>("a credit proof under another challenge is rejected") {
        verifyCredit(replayed, creditProof)
    }
    val rangeProof = Regex("\"rangeProof\": \"([0-9a-f]+)\"").find(creditProof)!!.groupValues[1]
    val flippedRange = rangeProof.substring(0, 100) + (if (rangeProof[100] == '0') '1' else '0') + rangeProof.substring(101)
    expectThrows<ZkcredException.VerificationFailed>("a tampered credit proof is rejected") {
        verifyCredit(lender, creditProof.replace(rangeProof, flippedRange))
    }
    val expiry = today.plusDays(80).toString()
    expectThrows<ZkcredException.Attestation>("an attestation with a forged expiry is refused by the wallet") {
        Wallet.create().receiveCredit(attested.attestationJson().replace(expiry, today.plusYears(5).toString()),
            attested.openingsJson())
    }
    expectThrows<ZkcredException.Unsatisfiable>("an expired attestation is refused") {
        runBlocking { sme.proveCredit(lender.at(today.plusDays(81).toString()), creditHeld.id) }
    }
    expectThrows<ZkcredException.CreditPolicy>("a policy accepting no provider is refused") {
        CreditPolicy("EUR").require(CreditMetric.DEFAULTS24M, CreditBound.AT_MOST, 0uL).toJson()
    }

    // Succinct credit path (Groth16 binned scorecard with a per-scope
    // nullifier, for chains): development keys made here once; an app loads
    // the proving key once from a file or bytes and reuses it.
    val scorecardKeys = setupDevelopmentScorecardKeys()
    val scorecardPk = loadScorecardProvingKey(scorecardKeys.provingKey.toBytes(), scorecardKeys.verifyingKey)
    val signedCredit = provider.attestSuccinct("EUR", SME_METRICS, sme.holderCommitment(),
        today.minusDays(10).toString(), today.plusDays(80).toString())
    val creditCredential = sme.receiveCreditCredential(signedCredit)
    check("the SME's wallet holds the signed credit credential", sme.creditCredentials() == listOf(creditCredential))
    val succinctPolicy = SuccinctCreditPolicy("lender.example/sme-loans", "EUR", provider.publicKey(), BINNED)
    val succinctProof = async(Dispatchers.Default) {
        sme.proveCreditSuccinct(SuccinctCreditPolicy.fromJson(succinctPolicy.toJson()), scorecardPk)
    }.await()
    val succinctVerified = verifyCreditSuccinct(succinctPolicy, succinctProof, scorecardKeys.verifyingKey)
    check("the lender accepts the succinct credit proof", succinctVerified.nullifier.isNotEmpty())
    // Seven years earn 20 points instead of 40 when the top bin starts at 8: 90 < 100.
    val strictBinned = BINNED.replace(""""max": 4, "points": 20}, {"min": 5, "points": 40}""",
        """"max": 7, "points": 20}, {"min": 8, "points": 40}""")
    check("the strict scorecard differs", strictBinned != BINNED)
    expectThrows<ZkcredException.Unsatisfiable>("a score below the cutoff is refused (succinct path)") {
        runBlocking {
            sme.proveCreditSuccinct(
                SuccinctCreditPolicy("lender.example/sme-loans", "EUR", provider.publicKey(), strictBinned), scorecardPk)
        }
    }
    expectThrows<ZkcredException.VerificationFailed>("a succinct proof under another challenge is rejected") {
        verifyCreditSuccinct(SuccinctCreditPolicy("lender.example/sme-loans", "EUR", provider.publicKey(), BINNED),
            succinctProof, scorecardKeys.verifyingKey)
    }

    // Benchmark: the same proof as the native Rust baseline (prove_native.rs).
    val benchIssuer = Issuer.inMemory(generateIssuerKey())
    val benchWallet = Wallet.create()
    val benchHeld = benchWallet.receive(benchIssuer.issue(
        SCHEMA, """{"birth_date": "1990-05-17", "nationality": "DE"}""",
        benchWallet.holderCommitment(), "2026-01-01", "2036-01-01"))
    val benchRequest = PresentationRequest(SCHEMA, "$ORIGIN/age-gate")
        .acceptIssuer(benchIssuer.publicKey(), benchIssuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, "18")
    val benchPath = benchIssuer.nonRevocationPath(benchHeld.serial)
    verifyPresentation(benchRequest, benchWallet.prove(benchRequest, benchHeld.id, benchPath, pk, ORIGIN), vk)
    System.gc()
    val reset = runCatching { File("/proc/self/clear_refs").writeText("5") }.isSuccess
    val rssBefore = statusKb("VmRSS:")
    val heapBefore = Runtime.getRuntime().let { it.totalMemory() - it.freeMemory() } / 1024
    val ms = (1..proofs).map {
        val start = System.nanoTime()
        benchWallet.prove(benchRequest, benchHeld.id, benchPath, pk, ORIGIN)
        (System.nanoTime() - start) / 1e6
    }.sorted()
    val peak = statusKb("VmHWM:")
    val heapAfter = Runtime.getRuntime().let { it.totalMemory() - it.freeMemory() } / 1024
    println("kotlin prove_ms=%.1f min_ms=%.1f proofs=%d rss_before_kb=%d peak_kb=%d peak_reset=%b jvm_heap_used_kb=%d..%d"
        .format(ms[ms.size / 2], ms[0], proofs, rssBefore, peak, reset, heapBefore, heapAfter))

    // Credit benchmark: the lender's policy above (six thresholds and a
    // scorecard), proofs awaited one after another as for presentations.
    val creditProofs = proofs * 5
    verifyCredit(lender, sme.proveCredit(lender, creditHeld.id))
    System.gc()
    val creditReset = runCatching { File("/proc/self/clear_refs").writeText("5") }.isSuccess
    val creditRssBefore = statusKb("VmRSS:")
    val creditMs = (1..creditProofs).map {
        val start = System.nanoTime()
        sme.proveCredit(lender, creditHeld.id)
        (System.nanoTime() - start) / 1e6
    }.sorted()
    println("kotlin credit_prove_ms=%.2f min_ms=%.2f proofs=%d rss_before_kb=%d peak_kb=%d peak_reset=%b"
        .format(creditMs[creditMs.size / 2], creditMs[0], creditProofs, creditRssBefore, statusKb("VmHWM:"), creditReset))

    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
