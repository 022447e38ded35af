// The cross-device OpenID4VP flow of the mobile SDK against the running demo
// server (issue #14 points 2 and 3; docs/openid4vp.md 12), as a wallet app on
// another device runs it: ask the server for a request (what its page shows
// as a QR code), parse the openid4vp:// URL, fetch request_uri with
// java.net.http, show the summary, pick the matching credential, prove, POST
// the form-encoded answer to response_uri, and poll the page's result
// endpoint until it says verified. Then the refusals: an answer made for
// another request (its nonce) and a tampered token are rejected by the server.
//
//   java ... crossdevice.CrossDeviceKt http://127.0.0.1:PORT [openid4vp://...]
//
// With a URL (the demo page's QR code, wasm/tests/cross-device.mjs), it
// answers that request and stops.
// Run by scripts/test-mobile.sh with the demo server it starts.
package crossdevice

import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.zkcred.*

var passed = 0
var failed = 0

fun check(name: String, ok: Boolean) {
    if (ok) { passed++; println("ok - $name") } else { failed++; println("FAILED - $name") }
}

val http: HttpClient = HttpClient.newHttpClient()

fun get(url: String, accept: String = "application/json"): HttpResponse<String> =
    http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).GET().build(),
        HttpResponse.BodyHandlers.ofString())

fun getBytes(url: String): ByteArray =
    http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
        .also { require(it.statusCode() == 200) { "GET $url: ${it.statusCode()}" } }.body()

fun post(url: String, contentType: String, body: String): HttpResponse<String> =
    http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())

/** A string member of the server's JSON (its values here have no escapes). */
fun field(json: String, name: String): String? =
    Regex("\"" + Regex.escape(name) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").find(json)?.groupValues?.get(1)

/** Polls the page's result endpoint until the transaction leaves `pending`. */
suspend fun outcome(server: String, state: String): String {
    repeat(50) {
        val status = field(get("$server/api/openid4vp/result?state=$state").body(), "status")
        if (status != "pending") return status ?: "?"
        delay(100)
    }
    return "pending"
}

/** Starts a transaction (or takes the page's `scanned` URL); returns its
 *  state and the request the wallet resolved. */
fun scanAndFetch(server: String, scanned: String? = null): Pair<String, Openid4vpRequest> {
    val started = if (scanned == null) get("$server/api/openid4vp/cross-device").body() else ""
    val url = scanned ?: field(started, "url")!!
    val state = scanned?.substringAfterLast("%2F") ?: field(started, "state")!!
    val reference = parseOpenid4vpUrl(url) as Openid4vpUrl.ByReference
    val fetched = get(reference.requestUri, openid4vpRequestObjectContentType())
    check("request_uri answers 200 with application/oauth-authz-req+jwt",
        fetched.statusCode() == 200 &&
            fetched.headers().firstValue("Content-Type").orElse("") == openid4vpRequestObjectContentType())
    return state to resolveOpenid4vpRequest(reference.clientId, reference.requestUri, fetched.body())
}

fun main(args: Array<String>) = runBlocking {
    val server = args[0].trimEnd('/')
    // The server's keys and a credential from its demo issuer.
    val vk = VerifyingKey.fromBytes(getBytes("$server/keys/presentation.vk"))
    val pk = loadProvingKey(getBytes("$server/keys/presentation.pk"), vk)
    val wallet = Wallet.create()
    val issued = post("$server/api/issue", "application/json",
        """{"holderCommitment": "${wallet.holderCommitment()}", "profile": "adult"}""")
    check("the demo issuer issues a credential", issued.statusCode() == 200)
    val held = wallet.receive(issued.body())
    val path = RevocationPath.fromBytes(getBytes("$server/api/revocation-path?serial=${held.serial}"))

    // The flow (on the URL of the page's QR code when given one).
    val (state, request) = scanAndFetch(server, args.getOrNull(1))
    check("the request answers to the server's response_uri",
        request.responseUri() == "$server/openid4vp/response" &&
            request.clientId() == "redirect_uri:$server/openid4vp/response")
    val summary = request.summary(null)
    println(summary.text.prependIndent("  | "))
    check("the summary flags the audience as unauthenticated", !summary.audienceAuthenticated)
    check("the summary states the predicates in words",
        summary.predicates.size == 2 && summary.predicates[0].startsWith("birth_date: at least 18 years old"))
    check("the credential matches", wallet.matchingCredentials(request, null).map { it.id } == listOf(held.id))
    val start = System.nanoTime()
    val answer = wallet.respondOpenid4vp(request, held.id, path, pk, null)
    val proveMs = (System.nanoTime() - start) / 1e6
    check("the answer is a form body for response_uri",
        answer.responseUri == request.responseUri() && answer.contentType == "application/x-www-form-urlencoded" &&
            answer.body.startsWith("vp_token=") && answer.body.endsWith("&state=$state"))
    val posted = post(answer.responseUri!!, answer.contentType, answer.body)
    check("the server answers 200 {} (OpenID4VP 8.2)", posted.statusCode() == 200 && posted.body().trim() == "{}")
    check("the page's result says verified", outcome(server, state) == "verified")
    if (args.size > 1) {
        println("$passed passed, $failed failed (answered the page's request)")
        if (failed > 0) kotlin.system.exitProcess(1)
        return@runBlocking
    }
    val again = post(answer.responseUri!!, answer.contentType, answer.body)
    check("the same answer again is refused", again.statusCode() == 400)

    // Refused: the answer to the first request, sent for a second one (its
    // nonce differs); then a token with one character changed.
    val (state2, request2) = scanAndFetch(server)
    check("a second request has a fresh state", state2 != state && request2.toJson() != request.toJson())
    val replayed = answer.body.replace("&state=$state", "&state=$state2")
    val refused = post(answer.responseUri!!, answer.contentType, replayed)
    check("an answer made for another nonce is refused (400)", refused.statusCode() == 400)
    check("the page's result says refused", outcome(server, state2) == "refused")
    val answer2 = wallet.respondOpenid4vp(request2, held.id, path, pk, null)
    val i = answer2.body.indexOf("%5B%22") + 6 + 60
    val flipped = if (answer2.body[i] == 'A') 'B' else 'A'
    val tampered = answer2.body.substring(0, i) + flipped + answer2.body.substring(i + 1)
    check("a tampered token is refused (400)", post(answer2.responseUri!!, answer2.contentType, tampered).statusCode() == 400)
    check("the untampered answer then verifies", post(answer2.responseUri!!, answer2.contentType, answer2.body).statusCode() == 200 &&
        outcome(server, state2) == "verified")
    // A URL that is not an openid4vp request: a typed error.
    val bad = runCatching { parseOpenid4vpUrl("https://shop.example/?" + URLEncoder.encode("a b", "UTF-8")) }
    check("a non-openid4vp URL is a typed Request error", bad.exceptionOrNull() is ZkcredException.Request)

    println("kotlin cross-device prove_ms=%.1f".format(proveMs))
    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
