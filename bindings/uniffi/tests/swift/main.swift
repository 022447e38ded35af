// The Swift client of zkcred-ffi, as an iOS app would use it: compiled with
// a real Swift compiler (Debian trixie's swiftlang) against the generated
// bindings and libzkcred_ffi.so (scripts/test-swift.sh).
//
//   zkcred-swift-test KEY_DIR WORK_DIR
//
// The same flow as the Kotlin client: load the proving key once (async, on
// zkcred's worker thread), create a wallet, receive a credential, prove
// "over 18" for a verifier's request, verify; then what must fail.
import Foundation

let schema = """
    {"schemaVersion": 1, "id": "kyc-basic", "version": 1,
     "attributes": [{"name": "birth_date", "type": "date"}, {"name": "nationality", "type": "country"}]}
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

func day(_ offsetDays: Int = 0, years: Int = 0) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var date = calendar.date(byAdding: .day, value: offsetDays, to: Date())!
    date = calendar.date(byAdding: .year, value: years, to: date)!
    let c = calendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
}

let keyDir = CommandLine.arguments[1]
let workDir = CommandLine.arguments[2]

do {
    let pk = try await loadProvingKeyFile(path: "\(keyDir)/presentation.pk")
    let vk = try VerifyingKey.fromFile(path: "\(keyDir)/presentation.vk")
    let issuer = try Issuer.open(key: generateIssuerKey(), registryPath: "\(workDir)/registry.db")

    let wallet = Wallet.create()
    let credentialJson = try issuer.issue(
        schemaJson: schema, subjectJson: #"{"birth_date": "1990-05-17", "nationality": "DE"}"#,
        holderCommitment: wallet.holderCommitment(), validFrom: day(-1), validUntil: day(years: 1))
    let held = try wallet.receive(credentialJson: credentialJson)
    check("the wallet holds the credential", try wallet.credentials().map { $0.id } == [held.id])
    let restored = try Wallet.fromJson(json: wallet.toJson())
    check("a wallet restored from JSON has the same commitment",
          restored.holderCommitment() == wallet.holderCommitment())
    check("a wallet from the exported secret has the same commitment",
          try Wallet.fromSecret(secret: wallet.exportSecret()).holderCommitment() == wallet.holderCommitment())

    let verifierRequest = try PresentationRequest(schemaJson: schema, scope: "shop.example/age-gate")
        .acceptIssuer(issuerPublicKey: issuer.publicKey(), revocationRoot: issuer.revocationRoot())
        .require(attribute: "birth_date", op: .ageAtLeast, operandJson: "18")
        .disclose(attribute: "nationality")
    let request = try PresentationRequest.fromJson(json: verifierRequest.toJson())
    check("the credential matches the request", try wallet.matching(request: request).map { $0.id } == [held.id])

    let path = try RevocationPath.fromBytes(bytes: issuer.nonRevocationPath(serial: held.serial).toBytes())
    let presentation = try await wallet.prove(request: request, credentialId: held.id, revocationPath: path, provingKey: pk)
    let verified = try verifyPresentation(request: verifierRequest, presentationJson: presentation, verifyingKey: vk)
    check("the verifier accepts the proof", verified.issuer == issuer.publicKey())
    check("only the nationality is disclosed", verified.disclosedJson == #"{"nationality":"DE"}"#)

    let hex = Array(verified.nullifier.dropFirst(2))
    var changed = hex
    changed[10] = hex[10] == "0" ? "1" : "0"
    let tampered = presentation.replacingOccurrences(of: String(hex), with: String(changed))
    check("the tampering changed the presentation", tampered != presentation)
    _ = await expectError("a tampered presentation is rejected", { if case .VerificationFailed = $0 { return true }; return false }) {
        _ = try verifyPresentation(request: verifierRequest, presentationJson: tampered, verifyingKey: vk)
    }

    let minorBirthDate = day(years: -16)
    let minor = Wallet.create()
    let minorHeld = try minor.receive(credentialJson: issuer.issue(
        schemaJson: schema, subjectJson: #"{"birth_date": "\#(minorBirthDate)", "nationality": "FR"}"#,
        holderCommitment: minor.holderCommitment(), validFrom: day(-1), validUntil: day(years: 1)))
    let refusal = await expectError("an underage holder is refused with Unsatisfiable", { if case .Unsatisfiable = $0 { return true }; return false }) {
        _ = try await minor.prove(request: request, credentialId: minorHeld.id,
                                  revocationPath: issuer.nonRevocationPath(serial: minorHeld.serial), provingKey: pk)
    }
    let message = refusal.map { "\($0)" } ?? ""
    check("the refusal names the predicate, not the birth date",
          message.contains("birth_date") && !message.contains(minorBirthDate))
    _ = await expectError("another holder's credential is refused", { if case .Credential = $0 { return true }; return false }) {
        _ = try minor.receive(credentialJson: credentialJson)
    }
    _ = await expectError("a malformed proving key is refused", { if case .Key = $0 { return true }; return false }) {
        _ = try await loadProvingKey(bytes: Data([1, 2, 3]))
    }
    try issuer.revoke(serial: held.serial)
    _ = await expectError("a revoked credential has no non-revocation path", { if case .Revocation = $0 { return true }; return false }) {
        _ = try issuer.nonRevocationPath(serial: held.serial)
    }
} catch {
    check("unexpected error: \(error)", false)
}

print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
