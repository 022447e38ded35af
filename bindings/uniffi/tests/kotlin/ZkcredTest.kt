// The Kotlin client of zkcred-ffi, as an Android app would use it: compiled
// with a real Kotlin compiler against the generated bindings and run on the
// JVM with JNA against libzkcred_ffi.so (scripts/test-mobile.sh).
//
//   java ... ZkcredTestKt KEY_DIR WORK_DIR [PROOFS]
//
// Flow: load the proving key once (off the caller's thread, checked against
// the verifying key), install it and load the installed form (what every
// later start of an app does), create a wallet,
// receive a credential, answer a verifier's "over 18" request with a proof,
// verify it; then what must fail, with typed exceptions; then the SME credit
// flow (a provider attests, the SME's wallet stores it and proves a lender's
// policy on a background coroutine, the lender verifies; what must fail);
// then the benchmark lines (median proving time, resident set before and
// peak while proving) for the presentation and the credit proof.
import java.io.File
import java.time.LocalDate
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.zkcred.*

// The verifier's origin as the app verified it (Android App Links): the
// wallet proves only for requests scoped under it.
const val ORIGIN = "https://shop.example"

const val SCHEMA = """{"schemaVersion": 1, "id": "kyc-basic", "version": 1,
  "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}"""

// An SME's metrics (distinctive values: a message showing one is caught).
val SME_METRICS = CreditMetrics(annualRevenue = 314159265L, monthlyTransactionVolume = 18123456L,
    onTimeRepaymentBps = 9731L, outstandingDebt = 41234567L, yearsInBusiness = 7L, recentDefaults = 0L)

/** The app's secret store: in memory here; Android Keystore / iOS Keychain in an app. */
class MemoryStore : SecretStore {
    val secrets = ConcurrentHashMap<String, ByteArray>()
    override fun put(name: String, secret: ByteArray) { secrets[name] = secret.copyOf() }
    override fun get(name: String): ByteArray? = secrets[name]?.copyOf()
}

/** Records the proof stages; runs [onStage] for each. */
class Stages(val onStage: (ProofStage) -> Unit = {}) : ProofProgress {
    val seen = CopyOnWriteArrayList<ProofStage>()
    override fun onStage(stage: ProofStage) { seen.add(stage); onStage.invoke(stage) }
}

fun kyc(birthDate: LocalDate, nationality: String): Map<String, AttributeValue> =
    mapOf("birth_date" to AttributeValue.Date(birthDate), "nationality" to AttributeValue.Text(nationality))

fun hex(bytes: ByteArray): String = bytes.joinToString("") { "%02x".format(it) }

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
    .require(CreditMetric.ANNUAL_REVENUE, CreditBound.AT_LEAST, 200_000_000L)
    .require(CreditMetric.MONTHLY_TRANSACTION_VOLUME, CreditBound.AT_LEAST, 10_000_000L)
    .require(CreditMetric.ON_TIME_REPAYMENT_BPS, CreditBound.AT_LEAST, 9_500L)
    .require(CreditMetric.OUTSTANDING_DEBT, CreditBound.AT_MOST, 50_000_000L)
    .require(CreditMetric.YEARS_IN_BUSINESS, CreditBound.AT_LEAST, 3L)
    .require(CreditMetric.RECENT_DEFAULTS, CreditBound.AT_MOST, 0L)
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

    // Development keys through the FFI (no separate CLI build), written once
    // to the key directory the Swift client and the native baseline read.
    if (!File("$keyDir/presentation.pk").exists()) {
        val made = setupDevelopmentKeys()
        File(keyDir).mkdirs()
        File("$keyDir/presentation.vk").writeBytes(made.verifyingKey.toBytes())
        File("$keyDir/presentation.pk").writeBytes(made.provingKey.toBytes())
        println("     made development keys in $keyDir")
    }

    // Load the proving key once, off this thread: a ticker coroutine on this
    // (single-threaded) event loop keeps running while the key loads.
    val vk = VerifyingKey.fromFile("$keyDir/presentation.vk")
    var ticks = 0
    var ticker = launch { while (isActive) { ticks++; delay(2) } }
    val pk = loadProvingKeyFile("$keyDir/presentation.pk", vk)
    check("loading the proving key suspends instead of blocking the caller's thread", ticks > 0)
    ticker.cancel()

    // Issuer (e.g. the KYC provider's back end, or the app itself). The key
    // is an object holding the secret in zkcred's memory, wiped on close().
    val issuerKey = generateIssuerKey()
    val issuer = Issuer.open(issuerKey, "$workDir/registry.db")
    val exported = issuerKey.exportBytes()
    check("the issuer key object does not show its bytes",
        exported.size == 32 && !issuerKey.toString().contains(hex(exported).substring(0, 8)))
    check("an issuer key restored from its bytes has the same public key",
        IssuerSecretKey.fromBytes(exported).publicKey() == issuer.publicKey())
    exported.fill(0)
    issuerKey.close()
    check("a closed (wiped) issuer key can no longer be used", runCatching { issuerKey.publicKey() }.isFailure)

    // Holder: a wallet, its commitment to the issuer, the credential back.
    val wallet = Wallet.create()
    val credentialJson = issuer.issue(
        SCHEMA, kyc(LocalDate.of(1990, 5, 17), "DE"),
        wallet.holderCommitment(), today.minusDays(1), today.plusYears(1))
    val held = wallet.receive(credentialJson)
    check("the wallet holds the credential", wallet.credentials().map { it.id } == listOf(held.id))
    check("the credential shows its issuer", held.issuer == issuer.publicKey())

    check("the credential info carries typed values",
        held.validUntil == today.plusYears(1) && held.serial >= 0L)

    // Persistence: the secret goes to the app's secret store, the JSON has none.
    val store = MemoryStore()
    val savedJson = wallet.save(store, "zkcred.holder.main")
    val secretHex = hex(store.secrets["zkcred.holder.main"]!!)
    check("the saved wallet JSON contains no secret bytes",
        secretHex.length == 64 && !savedJson.contains(secretHex) && !savedJson.contains(secretHex.substring(0, 16)))
    val restored = Wallet.restore(savedJson, store)
    check("a wallet restored with the store has the same commitment and credentials",
        restored.holderCommitment() == wallet.holderCommitment() && restored.credentials() == wallet.credentials())
    expectThrows<ZkcredException.Io>("restoring without the secret in the store is a typed error") {
        Wallet.restore(savedJson, MemoryStore())
    }
    val secret = wallet.exportSecret()
    check("the secret exports as 32 bytes", secret.size == 32)
    check("a wallet from the exported secret has the same commitment",
        Wallet.fromSecret(secret).holderCommitment() == wallet.holderCommitment())

    // Verifier: an "over 18, EU national" request with a fresh challenge, as JSON.
    val verifierRequest = PresentationRequest(SCHEMA, "$ORIGIN/age-gate")
        .acceptIssuer(issuer.publicKey(), issuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, PredicateValue.Int(18L))
        .require("nationality", PredicateOp.IN,
            PredicateValue.Set(listOf("DE", "FR", "IT", "ES").map { AttributeValue.Text(it) }))
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
    val stages = Stages()
    val presentation = wallet.prove(request, held.id, RevocationPath.fromBytes(pathBytes), pk, ORIGIN, progress = stages)
    check("proving suspends instead of blocking the caller's thread", ticks > 0)
    ticker.cancel()
    check("the progress callback receives the stages in order",
        stages.seen.toList() == listOf(ProofStage.CHECKING, ProofStage.WITNESS, ProofStage.MSM, ProofStage.VERIFY, ProofStage.DONE))

    // Cancellation: a token cancelled while the proof runs (here, as soon as
    // the witness stage starts) stops it with Cancelled at its next stage.
    val token = CancellationToken()
    val cancelStages = Stages { if (it == ProofStage.WITNESS) token.cancel() }
    val cancelStart = System.nanoTime()
    expectThrows<ZkcredException.Cancelled>("a cancelled proof throws Cancelled") {
        runBlocking { wallet.prove(request, held.id, path, pk, ORIGIN, progress = cancelStages, cancel = token) }
    }
    val cancelMs = (System.nanoTime() - cancelStart) / 1e6
    check("the cancelled proof stops within a second and reports no stage after", cancelMs < 1000 &&
        cancelStages.seen.toList() == listOf(ProofStage.CHECKING, ProofStage.WITNESS))
    // Cancelling the coroutine itself stops the proof on zkcred's worker: no
    // stage is reported after the one during which the job was cancelled.
    val started = CompletableDeferred<Unit>()
    val jobStages = Stages { if (it == ProofStage.WITNESS) started.complete(Unit) }
    val job = launch(Dispatchers.Default) { wallet.prove(request, held.id, path, pk, ORIGIN, progress = jobStages) }
    withTimeout(5_000) { started.await() }
    job.cancel()
    job.join()
    // Longer than a whole proof: a proof that kept running would report Done.
    delay(3_000)
    check("cancelling the coroutine stops the proof (no Done stage)",
        job.isCancelled && !jobStages.seen.contains(ProofStage.DONE))

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

    val minorBirthDate = today.minusYears(16)
    val minor = Wallet.create()
    val minorCredential = minor.receive(issuer.issue(
        SCHEMA, kyc(minorBirthDate, "FR"),
        minor.holderCommitment(), today.minusDays(1), today.plusYears(1)))
    check("an underage holder's credential does not match", minor.matching(request).isEmpty())
    val refusal = expectThrows<ZkcredException.Unsatisfiable>("an underage holder is refused with Unsatisfiable") {
        runBlocking { minor.prove(request, minorCredential.id, issuer.nonRevocationPath(minorCredential.serial), pk, ORIGIN) }
    }
    check("the refusal names the predicate, not the birth date",
        refusal?.message?.contains("birth_date") == true && refusal.message?.contains(minorBirthDate.toString()) == false)
    check("the typed refusal carries predicateIndex and attribute as fields",
        refusal?.predicateIndex == 0 && refusal.attribute == "birth_date")
    // The same refusal as a value, with its details.
    val why = minor.check(request, minorCredential.id, issuer.nonRevocationPath(minorCredential.serial))
    check("check names the failing predicate's position and attribute",
        why?.kind == ZkcredErrorKind.UNSATISFIABLE && why.details.predicate == 0 && why.details.attribute == "birth_date")
    check("check refuses nothing for a credential that answers the request",
        wallet.check(request, held.id, path) == null)

    // Batch verification: one row per proof, in order, each refusal with its kind.
    val rows = verifyBatch(verifierRequest, vk,
        listOf(presentation.toByteArray(), tampered.toByteArray(), byteArrayOf(-1, 0, 19, 55)))
    check("a batch gives one row per proof, in order", rows.map { it.index } == listOf(0, 1, 2))
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
    // Installed proving key (issue #17 point 3): on the first start the app
    // installs the downloaded key once (the full validation, checked against
    // the verifying key it trusts) and stores the installed form in its
    // private files, atomically; every later start loads that, warm.
    // (Installed anew on every run: a file left by an earlier run's keys
    // would rightly be refused.)
    val installedFile = File("$keyDir/presentation.pk.installed")
    val installed = installProvingKey(pkBytes, vk)
    check("installing returns the key, ready to prove", installed.key.toBytes().contentEquals(pkBytes))
    val partial = File("$keyDir/presentation.pk.installed.partial")
    partial.writeBytes(installed.installedBytes)
    check("the installed key is stored", partial.renameTo(installedFile))
    val validatedStart = System.nanoTime()
    loadProvingKeyFile("$keyDir/presentation.pk", vk)
    val validatedMs = (System.nanoTime() - validatedStart) / 1e6
    val warmStart = System.nanoTime()
    val warmPk = loadInstalledProvingKey(installedFile.readBytes(), vk)
    val warmMs = (System.nanoTime() - warmStart) / 1e6
    println("     proving key load: installed form %.0f ms, validated %.0f ms".format(warmMs, validatedMs))
    val warmPresentation = wallet.prove(request, held.id, path, warmPk, ORIGIN)
    check("a proof made with the installed key verifies",
        verifyPresentation(verifierRequest, warmPresentation, vk).issuer == issuer.publicKey())
    val corrupted = installedFile.readBytes()
    corrupted[corrupted.size / 2] = (corrupted[corrupted.size / 2].toInt() xor 1).toByte()
    expectThrows<ZkcredException.Key>("a corrupted installed key is refused") {
        runBlocking { loadInstalledProvingKey(corrupted, vk) }
    }
    val otherKeys = setupDevelopmentKeys()
    val otherInstalled = installProvingKey(otherKeys.provingKey.toBytes(), otherKeys.verifyingKey).installedBytes
    expectThrows<ZkcredException.Key>("a key installed from another key is refused") {
        runBlocking { loadInstalledProvingKey(otherInstalled, vk) }
    }
    expectThrows<ZkcredException.Key>("our installed key is refused under another verifying key") {
        runBlocking { loadInstalledProvingKey(installedFile.readBytes(), otherKeys.verifyingKey) }
    }
    expectThrows<ZkcredException.InvalidDate>("a date out of range is refused") {
        verifierRequest.at(LocalDate.of(10000, 1, 1))
    }
    val negative = expectThrows<ZkcredException.OutOfRange>("a negative serial is a typed error") {
        issuer.nonRevocationPath(-1L)
    }
    check("the range error names the parameter", negative?.field == "serial")
    issuer.revoke(held.serial)
    expectThrows<ZkcredException.Revocation>("a revoked credential has no non-revocation path") {
        issuer.nonRevocationPath(held.serial)
    }
    val afterRevocation = PresentationRequest(SCHEMA, "$ORIGIN/age-gate")
        .acceptIssuer(issuer.publicKey(), issuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, PredicateValue.Int(18L))
    expectThrows<ZkcredException.Unsatisfiable>("the old path does not prove non-revocation under the new root") {
        runBlocking { wallet.prove(afterRevocation, held.id, path, pk, ORIGIN) }
    }

    // Credit: a data provider (e.g. the SME's bank) attests its metrics; the
    // SME's wallet keeps the attestation with its openings.
    val provider = CreditProvider(generateProviderKey(), "bank.example")
    val attested = provider.attest("EUR", SME_METRICS, today.minusDays(10), today.plusDays(80))
    val sme = Wallet.create()
    val creditHeld = sme.receiveCredit(attested.attestationJson(), attested.openingsJson())
    check("the SME's wallet holds the credit attestation",
        sme.creditAttestations() == listOf(creditHeld) && creditHeld.issuer == provider.publicKey())
    check("the credit attestation survives the wallet's JSON",
        Wallet.restore(sme.save(store, "zkcred.sme"), store).creditAttestations() == listOf(creditHeld))
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
    val tooHigh = received.require(CreditMetric.ANNUAL_REVENUE, CreditBound.AT_LEAST, 314_159_266L)
    expectThrows<ZkcredException.OutOfRange>("a negative threshold is a typed error") {
        received.require(CreditMetric.ANNUAL_REVENUE, CreditBound.AT_LEAST, -1L)
    }
    expectThrows<ZkcredException.OutOfRange>("a negative metric is a typed error") {
        provider.attest("EUR", SME_METRICS.copy(outstandingDebt = -5L), today, today.plusDays(80))
    }
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
        runBlocking { sme.proveCredit(lender.at(today.plusDays(81)), creditHeld.id) }
    }
    expectThrows<ZkcredException.CreditPolicy>("a policy accepting no provider is refused") {
        CreditPolicy("EUR").require(CreditMetric.RECENT_DEFAULTS, CreditBound.AT_MOST, 0L).toJson()
    }

    // Succinct credit path (Groth16 binned scorecard with a per-scope
    // nullifier, for chains): development keys made here once; an app loads
    // the proving key once from a file or bytes and reuses it.
    val scorecardKeys = setupDevelopmentScorecardKeys()
    val scorecardPk = loadScorecardProvingKey(scorecardKeys.provingKey.toBytes(), scorecardKeys.verifyingKey)
    val signedCredit = provider.attestSuccinct("EUR", SME_METRICS, sme.holderCommitment(),
        today.minusDays(10), today.plusDays(80))
    val creditCredential = sme.receiveCreditCredential(signedCredit)
    check("the SME's wallet holds the signed credit credential", sme.creditCredentials() == listOf(creditCredential))
    val succinctPolicy = SuccinctCreditPolicy("lender.example/sme-loans", "EUR", provider.publicKey(), BINNED)
    val succinctProof = async(Dispatchers.Default) {
        sme.proveCreditSuccinct(SuccinctCreditPolicy.fromJson(succinctPolicy.toJson()), scorecardPk)
    }.await()
    val succinctVerified = verifyCreditSuccinct(succinctPolicy, succinctProof, scorecardKeys.verifyingKey)
    check("the lender accepts the succinct credit proof", succinctVerified.nullifier.isNotEmpty())
    // The scorecard key installed once and loaded warm proves too.
    val scorecardInstalled = installScorecardProvingKey(scorecardKeys.provingKey.toBytes(), scorecardKeys.verifyingKey)
    val warmScorecardPk = loadInstalledScorecardProvingKey(scorecardInstalled.installedBytes, scorecardKeys.verifyingKey)
    val warmSuccinctProof = async(Dispatchers.Default) { sme.proveCreditSuccinct(succinctPolicy, warmScorecardPk) }.await()
    check("a succinct proof made with the installed scorecard key verifies",
        verifyCreditSuccinct(succinctPolicy, warmSuccinctProof, scorecardKeys.verifyingKey).nullifier == succinctVerified.nullifier)
    expectThrows<ZkcredException.Key>("a presentation key's installed form is not a scorecard key") {
        runBlocking { loadInstalledScorecardProvingKey(installedFile.readBytes(), scorecardKeys.verifyingKey) }
    }
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
        SCHEMA, kyc(LocalDate.of(1990, 5, 17), "DE"),
        benchWallet.holderCommitment(), LocalDate.of(2026, 1, 1), LocalDate.of(2036, 1, 1)))
    val benchRequest = PresentationRequest(SCHEMA, "$ORIGIN/age-gate")
        .acceptIssuer(benchIssuer.publicKey(), benchIssuer.revocationRoot())
        .require("birth_date", PredicateOp.AGE_AT_LEAST, PredicateValue.Int(18L))
    val benchPath = benchIssuer.nonRevocationPath(benchHeld.serial)
    // A fresh plain key (loadProvingKeyFile: compressed, validated, no
    // prepared tables), as the native baseline loads it: its first proof
    // also builds the constraint matrices the key keeps. Peak reset to the
    // resident set with the key loaded, then the first proof (the warm-up).
    val benchPk = loadProvingKeyFile("$keyDir/presentation.pk", vk)
    System.gc()
    val firstReset = runCatching { File("/proc/self/clear_refs").writeText("5") }.isSuccess
    val rssKey = statusKb("VmRSS:")
    val first = benchWallet.prove(benchRequest, benchHeld.id, benchPath, benchPk, ORIGIN)
    val firstPeak = statusKb("VmHWM:")
    verifyPresentation(benchRequest, first, vk)
    System.gc()
    val reset = runCatching { File("/proc/self/clear_refs").writeText("5") }.isSuccess
    val rssBefore = statusKb("VmRSS:")
    val heapBefore = Runtime.getRuntime().let { it.totalMemory() - it.freeMemory() } / 1024
    val ms = (1..proofs).map {
        val start = System.nanoTime()
        benchWallet.prove(benchRequest, benchHeld.id, benchPath, benchPk, ORIGIN)
        (System.nanoTime() - start) / 1e6
    }.sorted()
    val peak = statusKb("VmHWM:")
    val heapAfter = Runtime.getRuntime().let { it.totalMemory() - it.freeMemory() } / 1024
    println(("kotlin prove_ms=%.1f min_ms=%.1f proofs=%d key=plain rss_key_loaded_kb=%d first_peak_kb=%d " +
        "rss_before_kb=%d peak_kb=%d peak_reset=%b jvm_heap_used_kb=%d..%d")
        .format(ms[ms.size / 2], ms[0], proofs, rssKey, firstPeak, rssBefore, peak, reset && firstReset,
            heapBefore, heapAfter))
    val mb = { kb: Long -> kb / 1024.0 }
    println(("kotlin memory added while proving (plain key): first proof %.1f MB (%.1f -> %.1f MB, matrices built), " +
        "later proofs %.1f MB (%.1f -> %.1f MB); process peak %.1f MB")
        .format(mb(maxOf(firstPeak - rssKey, 0L)), mb(rssKey), mb(firstPeak),
            mb(maxOf(peak - rssBefore, 0L)), mb(rssBefore), mb(peak), mb(maxOf(firstPeak, peak))))

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
