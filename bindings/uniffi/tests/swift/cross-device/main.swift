// The cross-device OpenID4VP flow from Swift against the running demo server
// (issue #14 point 3; docs/openid4vp.md 12), as CrossDevice.kt does from
// Kotlin: networking from the chroot to 127.0.0.1 with URLSession
// (FoundationNetworking).
//
//   zkcred-swift-cross-device http://127.0.0.1:PORT
//
// Run by scripts/test-swift.sh when scripts/test-mobile.sh passes it the
// demo server (ZKCRED_XD_SERVER): the chroot shares the host's network, so
// the Swift client reaches 127.0.0.1 itself (no curl in between).
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

var passed = 0
var failed = 0
func check(_ name: String, _ ok: Bool) {
    if ok { passed += 1; print("ok - \(name)") } else { failed += 1; print("FAILED - \(name)") }
}

/// The completion handler's result, handed to the waiting thread.
final class Exchange: @unchecked Sendable { var out: (Int, String, Data) = (0, "", Data()) }

/// One HTTP exchange, synchronously: (status, content type, body).
func http(_ url: String, method: String = "GET", contentType: String? = nil, body: String? = nil,
          accept: String = "application/json") -> (Int, String, Data) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.setValue(accept, forHTTPHeaderField: "Accept")
    if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
    if let body { request.httpBody = body.data(using: .utf8) }
    let done = DispatchSemaphore(value: 0)
    let exchange = Exchange()
    URLSession.shared.dataTask(with: request) { data, response, _ in
        let r = response as? HTTPURLResponse
        exchange.out = (r?.statusCode ?? 0, r?.value(forHTTPHeaderField: "Content-Type") ?? "", data ?? Data())
        done.signal()
    }.resume()
    done.wait()
    return exchange.out
}

func json(_ data: Data) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

func outcome(_ server: String, _ state: String) -> String {
    for _ in 0..<50 {
        let status = json(http("\(server)/api/openid4vp/result?state=\(state)").2)["status"] as? String ?? "?"
        if status != "pending" { return status }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return "pending"
}

func scanAndFetch(_ server: String) throws -> (String, Openid4vpRequest) {
    let started = json(http("\(server)/api/openid4vp/cross-device").2)
    let state = started["state"] as! String
    guard case let .byReference(clientId, requestUri) = try parseOpenid4vpUrl(url: started["url"] as! String) else {
        fatalError("a request by reference")
    }
    let (status, type, body) = http(requestUri, accept: openid4vpRequestObjectContentType())
    check("request_uri answers 200 with application/oauth-authz-req+jwt",
          status == 200 && type == openid4vpRequestObjectContentType())
    return (state, try resolveOpenid4vpRequest(clientId: clientId, requestUri: requestUri,
                                               requestObject: String(decoding: body, as: UTF8.self)))
}

let server = CommandLine.arguments[1]
let vk = try VerifyingKey.fromBytes(bytes: http("\(server)/keys/presentation.vk").2)
let pk = try await loadProvingKey(bytes: http("\(server)/keys/presentation.pk").2, verifyingKey: vk)
let wallet = Wallet.create()
let issued = http("\(server)/api/issue", method: "POST", contentType: "application/json",
                  body: "{\"holderCommitment\": \"\(wallet.holderCommitment())\", \"profile\": \"adult\"}")
check("the demo issuer issues a credential", issued.0 == 200)
let held = try wallet.receive(credentialJson: String(decoding: issued.2, as: UTF8.self))
let path = try RevocationPath.fromBytes(bytes: http("\(server)/api/revocation-path?serial=\(held.serial)").2)

let (state, request) = try scanAndFetch(server)
check("the request answers to the server's response_uri", request.responseUri() == "\(server)/openid4vp/response")
let summary = try request.summary(origin: nil)
check("the summary flags the audience as unauthenticated", !summary.audienceAuthenticated)
check("the credential matches", try wallet.matchingCredentials(request: request, origin: nil).map { $0.id } == [held.id])
let answer = try await wallet.respondOpenid4vp(request: request, credentialId: held.id, revocationPath: path,
                                               provingKey: pk, origin: nil)
check("the answer is a form body", answer.contentType == "application/x-www-form-urlencoded" &&
      answer.body.hasSuffix("&state=\(state)"))
let posted = http(answer.responseUri!, method: "POST", contentType: answer.contentType, body: answer.body)
check("the server answers 200 {}", posted.0 == 200)
check("the page's result says verified", outcome(server, state) == "verified")

let (state2, _) = try scanAndFetch(server)
let replayed = answer.body.replacingOccurrences(of: "&state=\(state)", with: "&state=\(state2)")
check("an answer made for another nonce is refused (400)",
      http(answer.responseUri!, method: "POST", contentType: answer.contentType, body: replayed).0 == 400)
check("the page's result says refused", outcome(server, state2) == "refused")
do {
    _ = try parseOpenid4vpUrl(url: "https://shop.example/?a=b")
    check("a non-openid4vp URL is a typed error", false)
} catch ZkcredError.request {
    check("a non-openid4vp URL is a typed error", true)
}
print("\(passed) passed, \(failed) failed")
if failed > 0 { exit(1) }
