package kz.kaspibridge.pricelist.http;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import kz.kaspibridge.pricelist.catalog.MerchantId;
import kz.kaspibridge.pricelist.catalog.Violation;
import kz.kaspibridge.pricelist.feed.ExcludedOffer;
import kz.kaspibridge.pricelist.feed.Feed;
import kz.kaspibridge.pricelist.feed.FeedReport;
import kz.kaspibridge.pricelist.feed.ServedFeeds;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves each merchant's price list to Kaspi, and its report to the merchant.
 * <ul>
 *   <li>{@code GET|HEAD /pricelist/{merchantId}.xml}: the served file, with {@code ETag} (its sha256) and
 *       {@code Last-Modified} (its newest fact), so Kaspi's conditional pull gets a 304 when nothing changed;
 *       gzip when asked ({@code server.compression});</li>
 *   <li>{@code GET /pricelist/{merchantId}/report}: the offers left out and why, the offer count, and the time and
 *       sha256 of the last good build.</li>
 * </ul>
 * Errors are problem bodies: 401 without the merchant's credentials, 404 for a merchant with no offers, 503
 * while the catalog is being read at start-up or before a first valid file.
 */
@RestController
class PricelistController {

    private static final MediaType XML = new MediaType("application", "xml", java.nio.charset.StandardCharsets.UTF_8);
    private static final String PROBLEM_BASE = "urn:kaspi-bridge:pricelist-publisher:";

    private final ServedFeeds served;
    private final FeedAccess access;

    PricelistController(ServedFeeds served, FeedAccess access) {
        this.served = served;
        this.access = access;
    }

    @GetMapping("/pricelist/{merchantId}.xml")
    ResponseEntity<?> feed(@PathVariable String merchantId,
                           @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return answer(merchantId, authorization, report -> {
            Feed feed = report.served();
            if (feed == null) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "no-valid-feed", "No valid price list yet",
                        "No build of this merchant's price list has been valid yet: " + report.lastFailure()
                                + ". See /pricelist/" + merchantId + "/report.");
            }
            // The ETag and Last-Modified make Spring answer 304 to a matching If-None-Match or If-Modified-Since.
            return ResponseEntity.ok().contentType(XML).eTag(feed.etag()).lastModified(feed.lastModified())
                    .cacheControl(CacheControl.maxAge(0, TimeUnit.SECONDS).mustRevalidate())
                    .varyBy(HttpHeaders.ACCEPT_ENCODING)
                    .body(new FileSystemResource(feed.file()));
        });
    }

    @GetMapping(path = "/pricelist/{merchantId}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> report(@PathVariable String merchantId,
                             @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return answer(merchantId, authorization,
                report -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ReportBody.of(report)));
    }

    /** The report as JSON: plain values, rule codes and descriptions. */
    record ReportBody(String merchantId, int offers, int excludedOffers, Map<String, Integer> excludedByRule,
                      List<Excluded> excluded, LastGoodBuild lastGoodBuild, Instant lastBuildAt, String lastFailure) {

        record Excluded(String sku, List<Rule> rules) {
        }

        record Rule(String rule, String description, String detail) {
        }

        record LastGoodBuild(Instant builtAt, Instant lastModified, String sha256, long bytes, int offers) {
        }

        static ReportBody of(FeedReport report) {
            Feed feed = report.served();
            return new ReportBody(report.merchant().value(), feed == null ? 0 : feed.offers(), report.excludedCount(),
                    report.excludedByRule(), report.excluded().stream().map(ReportBody::excluded).toList(),
                    feed == null ? null : new LastGoodBuild(feed.builtAt(), feed.lastModified(), feed.sha256(),
                            feed.bytes(), feed.offers()),
                    report.lastBuildAt(), report.lastFailure());
        }

        private static Excluded excluded(ExcludedOffer offer) {
            return new Excluded(offer.sku(), offer.violations().stream().map(ReportBody::rule).toList());
        }

        private static Rule rule(Violation violation) {
            return new Rule(violation.rule().code(), violation.rule().description(), violation.detail());
        }
    }

    /**
     * {@code ok} applied to the merchant's report, unless the request is refused, checked in this order: still
     * starting (503), without the merchant's credentials (401), a merchant with no offers (404).
     */
    private ResponseEntity<?> answer(String merchantId, String authorization,
                                     Function<FeedReport, ResponseEntity<?>> ok) {
        if (!served.caughtUp()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "starting", "Catalog not read yet",
                    "The catalog is being read from Kafka after a start; the price list is served once it is "
                            + "complete. Try again shortly.");
        }
        if (!access.allows(merchantId, authorization)) {
            ResponseEntity<ProblemDetail> unauthorized = problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Credentials required", "This price list needs the merchant's HTTP Basic credentials.");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pricelist\", charset=\"UTF-8\"")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(unauthorized.getBody());
        }
        return served.report(new MerchantId(merchantId)).<ResponseEntity<?>>map(ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "unknown-merchant", "Unknown merchant",
                        "No offers have been received for merchant " + merchantId + "."));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + type));
        problem.setTitle(title);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            builder.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return builder.body(problem);
    }
}
