// The Swift client of zkcred-ffi, as an iOS app would use it: compiled with
// a real Swift compiler (Debian trixie's swiftlang) against the generated
// bindings and libzkcred_ffi.so (scripts/test-swift.sh).
//
//   zkcred-swift-test KEY_DIR WORK_DIR
//
// The same flow as the Kotlin client: load the proving key once (async, on
// zkcred's worker thread), create a wallet, receive a credential, prove
// "over 18" for a verifier's request, verify; then what must fail; then the
// SME credit flow (a provider attests, the SME's wallet stores it and proves
// a lender's policy in a detached Task, the lender verifies; what must fail),
// and its succinct path (Groth16 binned scorecard).
import Foundation

let schema = """
    {"schemaVersion": 1, "id": "kyc-basic", "version": 1,
     "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}
    """

// An SME's metrics (distinctive values: a message showing one is caught),
// and a lender's linear scorecard it passes (2 x 9731 + 150 x 7 >= 19000).
let smeMetrics = CreditMetrics(annualRevenue: 314_159_265, monthlyTransactionVolume: 18_123_456,
    onTimeRepaymentBps: 9731, outstandingDebt: 41_234_567, yearsInBusiness: 7, recentDefaults: 0)
let scorecard = """
    {"scorecardVersion": 1, "id": "lender.example/sme", "version": 1, "type": "linear",
     "features": [{"metric": "on_time_repayment_bps", "weight": 2}, {"metric": "years_in_business", "weight": 150},
       {"metric": "defaults_24m", "weight": -2500}], "bias": 0, "cutoff": 19000}
    """

// A lender's binned points scorecard (succinct path): 25 + 40 + 30 + 15 = 110 >= 100.
let binned = """
    {"scorecardVersion": 1, "id": "lender.example/sme-points", "version": 1, "type": "binned",
     "features": [
       {"metric": "on_time_repayment_bps", "bins": [{"min": 0, "max": 8999, "points": 0}, {"min": 9000, "max": 9499, "points": 10}, {"min": 9500, "points": 25}]},
       {"metric": "years_in_business", "bins": [{"min": 0, "max": 1, "points": 0}, {"min": 2, "max": 4, "points": 20}, {"min": 5, "points": 40}]},
       {"metric": "defaults_24m", "bins": [{"min": 0, "max": 0, "points": 30}, {"min": 1, "points": 0}]},
       {"metric": "annual_revenue", "bins": [{"min": 0, "max": 99999999, "points": 0}, {"min": 100000000, "points": 15}]}
     ],
     "cutoff": 100}
    """

var passed = 0
var failed = 0

func check(_ name: String, _ ok: Bool) {
    if ok { passed += 1; print("ok   \(name)") } else { failed += 1; print("FAIL \(name)") }
}

/// Runs `body`, which must throw a `ZkcredError` that `matches`.
func expectError(_ name: String, _ matches: (ZkcredError) -> Bool, _ body: () async throws -> Void) async -> ZkcredError? {
    do {
        try await body()
        print("     no error")
    } catch let e as ZkcredError {
        if matches(e) { check(name, true); return e }
        print("     got \(e)")
    } catch {
        print("     got \(error)")
    }
    check(name, false)
    return nil
}

var utc: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
}()

/// Midnight UTC of today plus `offsetDays` and `years`: the day zkcred reads.
func day(_ offsetDays: Int = 0, years: Int = 0) -> Date {
    let today = utc.startOfDay(for: Date())
    let date = utc.date(byAdding: .day, value: offsetDays, to: today)!
    return utc.date(byAdding: .year, value: years, to: date)!
}

func ymd(_ date: Date) -> String {
    let c = utc.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
}

func kyc(_ birthDate: Date, _ nationality: String) -> [String: AttributeValue] {
    ["birth_date": .date(value: birthDate), "nationality": .text(value: nationality)]
}

/// The app's secret store: in memory here, the Keychain in an app.
final class MemoryStore: SecretStore, @unchecked Sendable {
    var secrets: [String: Data] = [:]
    let lock = NSLock()
    func put(name: String, secret: Data) throws { lock.lock(); secrets[name] = secret; lock.unlock() }
    func get(name: String) throws -> Data? { lock.lock(); defer { lock.unlock() }; return secrets[name] }
}

/// Records the stages of a proof; cancels `token` when `cancelAt` starts.
final class Stages: ProofProgress, @unchecked Sendable {
    var seen: [ProofStage] = []
    let lock = NSLock()
    let cancelAt: ProofStage?
    let token: CancellationToken?
    init(cancelAt: ProofStage? = nil, token: CancellationToken? = nil) { self.cancelAt = cancelAt; self.token = token }
    func onStage(stage: ProofStage) {
        lock.lock(); seen.append(stage); lock.unlock()
        if stage == cancelAt { token?.cancel() }
    }
}

/// The same statements as the lender's policy with a fresh challenge.
func lenderPolicyAgain(_ provider: CreditProvider) throws -> CreditPolicy {
    try CreditPolicy(currency: "EUR")
        .acceptIssuer(providerPublicKey: provider.publicKey())
        .require(metric: .annualRevenue, bound: .atLeast, value: 200_000_000)
        .require(metric: .monthlyTransactionVolume, bound: .atLeast, value: 10_000_000)
        .require(metric: .onTimeRepaymentBps, bound: .atLeast, value: 9_500)
        .require(metric: .outstandingDebt, bound: .atMost, value: 50_000_000)
        .require(metric: .yearsInBusiness, bound: .atLeast, value: 3)
        .require(metric: .recentDefaults, bound: .atMost, value: 0)
        .withScorecard(scorecardJson: scorecard)
}

// The verifier's origin as the app verified it (iOS associated domains): the
// wallet proves only for requests scoped under it.
let origin = "https://shop.example"

let keyDir = CommandLine.arguments[1]
let workDir = CommandLine.arguments[2]

do {
    // Development keys through the FFI when the directory has none.
    if !FileManager.default.fileExists(atPath: "\(keyDir)/presentation.pk") {
        let made = try await setupDevelopmentKeys()
        try FileManager.default.createDirectory(atPath: keyDir, withIntermediateDirectories: true)
        try made.verifyingKey.toBytes().write(to: URL(fileURLWithPath: "\(keyDir)/presentation.vk"))
        try made.provingKey.toBytes().write(to: URL(fileURLWithPath: "\(keyDir)/presentation.pk"))
    }
    let vk = try VerifyingKey.fromFile(path: "\(keyDir)/presentation.vk")
    let pk = try await loadProvingKeyFile(path: "\(keyDir)/presentation.pk", verifyingKey: vk)
    let issuer = try Issuer.open(key: generateIssuerKey(), registryPath: "\(workDir)/registry.db")

    let wallet = Wallet.create()
    let credentialJson = try issuer.issue(
        schemaJson: schema, attributes: kyc(utc.date(from: DateComponents(year: 1990, month: 5, day: 17))!, "DE"),
        holderCommitment: wallet.holderCommitment(), validFrom: day(-1), validUntil: day(years: 1))
    let held = try wallet.receive(credentialJson: credentialJson)
    check("the wallet holds the credential", try wallet.credentials().map { $0.id } == [held.id])
    check("the credential's last day comes back as the same Date", held.validUntil == day(years: 1))
    let store = MemoryStore()
    let saved = try wallet.save(store: store, secretName: "zkcred.holder.main")
    let secretHex = store.secrets["zkcred.holder.main"]!.map { String(format: "%02x", $0) }.joined()
    check("the saved wallet JSON contains no secret bytes",
          secretHex.count == 64 && !saved.contains(secretHex) && !saved.contains(String(secretHex.prefix(16))))
    let restored = try Wallet.restore(json: saved, store: store)
    check("a wallet restored with the store has the same commitment",
          restored.holderCommitment() == wallet.holderCommitment())
    check("a wallet from the exported secret has the same commitment",
          try Wallet.fromSecret(secret: wallet.exportSecret()).holderCommitment() == wallet.holderCommitment())

    let verifierRequest = try PresentationRequest(schemaJson: schema, scope: "\(origin)/age-gate")
        .acceptIssuer(issuerPublicKey: issuer.publicKey(), revocationRoot: issuer.revocationRoot())
        .require(attribute: "birth_date", op: .ageAtLeast, operand: .int(value: 18))
        .require(attribute: "nationality", op: .`in`, operand: .set(values: [.text(value: "DE"), .text(value: "FR")]))
        .disclose(attribute: "nationality")
    let request = try PresentationRequest.fromJson(json: verifierRequest.toJson())
    check("the credential matches the request", try wallet.matching(request: request).map { $0.id } == [held.id])

    let path = try RevocationPath.fromBytes(bytes: issuer.nonRevocationPath(serial: held.serial).toBytes())
    let stages = Stages()
    let presentation = try await wallet.prove(request: request, credentialId: held.id, revocationPath: path, provingKey: pk,
                                              verifiedOrigin: origin, progress: stages)
    check("the progress callback receives the stages in order",
          stages.seen == [.checking, .witness, .msm, .verify, .done])
    let token = CancellationToken()
    let cancelling = Stages(cancelAt: .witness, token: token)
    _ = await expectError("a cancelled proof throws .cancelled", { if case .cancelled = $0 { return true }; return false }) {
        _ = try await wallet.prove(request: request, credentialId: held.id, revocationPath: path, provingKey: pk,
                                   verifiedOrigin: origin, progress: cancelling, cancel: token)
    }
    check("nothing is reported after the cancelling stage", cancelling.seen == [.checking, .witness])
    let verified = try verifyPresentation(request: verifierRequest, presentationJson: presentation, verifyingKey: vk)
    check("the verifier accepts the proof", verified.issuer == issuer.publicKey())
    check("only the nationality is disclosed", verified.disclosedJson == #"{"nationality":"DE"}"#)

    let hex = Array(verified.nullifier.dropFirst(2))
    var changed = hex
    changed[10] = hex[10] == "0" ? "1" : "0"
    let tampered = presentation.replacingOccurrences(of: String(hex), with: String(changed))
    check("the tampering changed the presentation", tampered != presentation)
    _ = await expectError("a tampered presentation is rejected", { if case .verificationFailed = $0 { return true }; return false }) {
        _ = try verifyPresentation(request: verifierRequest, presentationJson: tampered, verifyingKey: vk)
    }

    let minorBirthDate = day(years: -16)
    let minor = Wallet.create()
    let minorHeld = try minor.receive(credentialJson: issuer.issue(
        schemaJson: schema, attributes: kyc(minorBirthDate, "FR"),
        holderCommitment: minor.holderCommitment(), validFrom: day(-1), validUntil: day(years: 1)))
    let refusal = await expectError("an underage holder is refused with .unsatisfiable", { if case .unsatisfiable = $0 { return true }; return false }) {
        _ = try await minor.prove(request: request, credentialId: minorHeld.id,
                                  revocationPath: issuer.nonRevocationPath(serial: minorHeld.serial), provingKey: pk,
                                  verifiedOrigin: origin)
    }
    let message = refusal.map { "\($0)" } ?? ""
    check("the refusal names the predicate, not the birth date",
          message.contains("birth_date") && !message.contains(ymd(minorBirthDate)))
    if case let .unsatisfiable(predicateIndex, attribute, _) = refusal {
        check("the refusal carries predicateIndex and attribute", predicateIndex == 0 && attribute == "birth_date")
    } else {
        check("the refusal carries predicateIndex and attribute", false)
    }
    _ = await expectError("a negative serial is .outOfRange", { if case .outOfRange = $0 { return true }; return false }) {
        _ = try issuer.nonRevocationPath(serial: -1)
    }
    _ = await expectError("another holder's credential is refused", { if case .credential = $0 { return true }; return false }) {
        _ = try minor.receive(credentialJson: credentialJson)
    }
    _ = await expectError("a malformed proving key is refused", { if case .key = $0 { return true }; return false }) {
        _ = try await loadProvingKey(bytes: Data([1, 2, 3]), verifyingKey: vk)
    }
    // Installed proving key: installed once (the full validation), then
    // loaded warm from the installed form, as every later start of an app.
    let installed = try await installProvingKey(bytes: pk.toBytes(), verifyingKey: vk)
    let warmPk = try await loadInstalledProvingKey(installedBytes: installed.installedBytes, verifyingKey: vk)
    let warmPresentation = try await wallet.prove(request: request, credentialId: held.id, revocationPath: path,
                                                  provingKey: warmPk, verifiedOrigin: origin)
    check("a proof made with the installed key verifies",
          (try? verifyPresentation(request: verifierRequest, presentationJson: warmPresentation, verifyingKey: vk)) != nil)
    var corrupted = installed.installedBytes
    corrupted[corrupted.startIndex + corrupted.count / 2] ^= 1
    _ = await expectError("a corrupted installed key is refused", { if case .key = $0 { return true }; return false }) {
        _ = try await loadInstalledProvingKey(installedBytes: corrupted, verifyingKey: vk)
    }
    _ = await expectError("a request scoped to another origin than the app-verified one is refused", { if case .scopeMismatch = $0 { return true }; return false }) {
        _ = try await wallet.prove(request: request, credentialId: held.id, revocationPath: path, provingKey: pk,
                                   verifiedOrigin: "https://bank.example")
    }
    try issuer.revoke(serial: held.serial)
    _ = await expectError("a revoked credential has no non-revocation path", { if case .revocation = $0 { return true }; return false }) {
        _ = try issuer.nonRevocationPath(serial: held.serial)
    }

    // Credit: the provider attests, the SME's wallet keeps the attestation.
    let provider = CreditProvider(key: generateProviderKey(), issuerId: "bank.example")
    let attested = try provider.attest(currency: "EUR", metrics: smeMetrics, issued: day(-10), expires: day(80))
    let sme = Wallet.create()
    let creditHeld = try sme.receiveCredit(attestationJson: attested.attestationJson(), openingsJson: attested.openingsJson())
    check("the SME's wallet holds the credit attestation",
          sme.creditAttestations() == [creditHeld] && creditHeld.issuer == provider.publicKey())
    check("the credit attestation survives the wallet's JSON",
          try Wallet.restore(json: sme.save(store: store, secretName: "zkcred.sme"), store: store).creditAttestations() == [creditHeld])

    // The lender's policy, sent as JSON; the SME proves it in a detached task.
    let lender = try CreditPolicy(currency: "EUR")
        .acceptIssuer(providerPublicKey: provider.publicKey())
        .require(metric: .annualRevenue, bound: .atLeast, value: 200_000_000)
        .require(metric: .monthlyTransactionVolume, bound: .atLeast, value: 10_000_000)
        .require(metric: .onTimeRepaymentBps, bound: .atLeast, value: 9_500)
        .require(metric: .outstandingDebt, bound: .atMost, value: 50_000_000)
        .require(metric: .yearsInBusiness, bound: .atLeast, value: 3)
        .require(metric: .recentDefaults, bound: .atMost, value: 0)
        .withScorecard(scorecardJson: scorecard)
    let received = try CreditPolicy.fromJson(json: lender.toJson())
    check("the attestation matches the lender's policy",
          try sme.creditMatching(policy: received).map { $0.id } == [creditHeld.id])
    let creditProof = try await Task.detached { try await sme.proveCredit(policy: received, attestationId: creditHeld.id) }.value
    let creditVerified = try verifyCredit(policy: lender, proofJson: creditProof)
    check("the lender accepts the credit proof", creditVerified.issuerId == "bank.example")

    let tooHigh = try received.require(metric: .annualRevenue, bound: .atLeast, value: 314_159_266)
    let creditRefusal = await expectError("a threshold above the SME's revenue is refused with .unsatisfiable",
                                          { if case .unsatisfiable = $0 { return true }; return false }) {
        _ = try await sme.proveCredit(policy: tooHigh, attestationId: creditHeld.id)
    }
    let creditMessage = creditRefusal.map { "\($0)" } ?? ""
    check("the credit refusal names the metric, not its value",
          creditMessage.contains("annual_revenue") && !creditMessage.contains("314159265"))
    _ = await expectError("a credit proof under another challenge is rejected", { if case .verificationFailed = $0 { return true }; return false }) {
        _ = try verifyCredit(policy: lenderPolicyAgain(provider), proofJson: creditProof)
    }
    _ = await expectError("an expired attestation is refused", { if case .unsatisfiable = $0 { return true }; return false }) {
        _ = try await sme.proveCredit(policy: lender.at(date: day(81)), attestationId: creditHeld.id)
    }
    _ = await expectError("an attestation with a forged expiry is refused", { if case .attestation = $0 { return true }; return false }) {
        _ = try Wallet.create().receiveCredit(
            attestationJson: attested.attestationJson().replacingOccurrences(of: ymd(day(80)), with: ymd(day(800))),
            openingsJson: attested.openingsJson())
    }

    // Succinct path (Groth16 binned scorecard): keys made once here; an app
    // loads the proving key once from a file or bytes.
    let scorecardKeys = try await setupDevelopmentScorecardKeys()
    let scorecardPk = try await loadScorecardProvingKey(
        bytes: scorecardKeys.provingKey.toBytes(), verifyingKey: scorecardKeys.verifyingKey)
    let signedCredit = try provider.attestSuccinct(currency: "EUR", metrics: smeMetrics,
        holderCommitment: sme.holderCommitment(), issued: day(-10), expires: day(80))
    let creditCredential = try sme.receiveCreditCredential(credentialJson: signedCredit)
    check("the SME's wallet holds the signed credit credential", sme.creditCredentials() == [creditCredential])
    let succinctPolicy = try SuccinctCreditPolicy(scope: "lender.example/sme-loans", currency: "EUR",
        providerPublicKey: provider.publicKey(), scorecardJson: binned)
    let succinctProof = try await Task.detached {
        try await sme.proveCreditSuccinct(policy: succinctPolicy, provingKey: scorecardPk)
    }.value
    let succinctVerified = try verifyCreditSuccinct(policy: succinctPolicy, proofJson: succinctProof,
        verifyingKey: scorecardKeys.verifyingKey)
    check("the lender accepts the succinct credit proof", !succinctVerified.nullifier.isEmpty)
    _ = await expectError("a succinct proof under another challenge is rejected", { if case .verificationFailed = $0 { return true }; return false }) {
        _ = try verifyCreditSuccinct(
            policy: SuccinctCreditPolicy(scope: "lender.example/sme-loans", currency: "EUR",
                                         providerPublicKey: provider.publicKey(), scorecardJson: binned),
            proofJson: succinctProof, verifyingKey: scorecardKeys.verifyingKey)
    }
} catch {
    check("unexpected error: \(error)", false)
}

print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
