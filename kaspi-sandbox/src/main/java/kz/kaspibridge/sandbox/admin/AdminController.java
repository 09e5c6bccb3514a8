package kz.kaspibridge.sandbox.admin;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.calls.CallKind;
import kz.kaspibridge.sandbox.calls.ConcurrencyStats;
import kz.kaspibridge.sandbox.delivery.DeliverySnapshot;
import kz.kaspibridge.sandbox.faults.FaultRule;
import kz.kaspibridge.sandbox.orders.BulkSeed;
import kz.kaspibridge.sandbox.orders.OrderSeed;
import kz.kaspibridge.sandbox.orders.OrderSnapshot;
import kz.kaspibridge.sandbox.webhooks.WebhookAttempt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@link SandboxAdmin} over HTTP, under {@code /sandbox/admin}; see the OpenAPI document. */
@RestController
@RequestMapping("/sandbox/admin")
class AdminController {

    record Seeded(int created) {
    }

    record Changed(boolean changed, OrderSnapshot order) {
    }

    record WebhookTarget(URI url, String secret) {
    }

    private final SandboxAdmin admin;

    AdminController(SandboxAdmin admin) {
        this.admin = admin;
    }

    @GetMapping("/merchants")
    List<String> merchants() {
        return admin.merchantIds();
    }

    @PostMapping("/orders")
    ResponseEntity<OrderSnapshot> seed(@RequestBody OrderSeed seed) {
        return ResponseEntity.status(HttpStatus.CREATED).body(admin.seedOrder(seed));
    }

    @PostMapping("/orders/bulk")
    Seeded seedBulk(@RequestBody BulkSeed bulk) {
        return new Seeded(admin.seedOrders(bulk));
    }

    @GetMapping("/orders/{code}")
    ResponseEntity<OrderSnapshot> order(@PathVariable String code) {
        return ResponseEntity.of(admin.order(code));
    }

    @PostMapping("/orders/{code}/buyer-cancel")
    Changed buyerCancel(@PathVariable String code, @RequestParam(defaultValue = "false") boolean stillCancelling) {
        return changed(admin.buyerCancels(code, stillCancelling), code);
    }

    @PostMapping("/orders/{code}/bank-cancel")
    Changed bankCancel(@PathVariable String code) {
        return changed(admin.bankCancels(code), code);
    }

    @PostMapping("/orders/{code}/return")
    Changed returnOrder(@PathVariable String code, @RequestParam(defaultValue = "false") boolean onlyRequested) {
        return changed(admin.returns(code, onlyRequested), code);
    }

    @PostMapping("/orders/{code}/kaspi-complete")
    Changed kaspiComplete(@PathVariable String code) {
        return changed(admin.kaspiCompletes(code), code);
    }

    @GetMapping("/deliveries/{id}")
    ResponseEntity<DeliverySnapshot> delivery(@PathVariable String id) {
        return ResponseEntity.of(admin.delivery(id));
    }

    @GetMapping("/clock")
    Map<String, Object> clock() {
        return Map.of("now", admin.now().toString());
    }

    @PostMapping("/clock/advance")
    Map<String, Object> advance(@RequestParam Duration by) {
        return Map.of("now", admin.advanceClock(by).toString());
    }

    @GetMapping("/counters")
    Map<String, Long> counters() {
        return admin.counters();
    }

    @GetMapping("/counters/{key}")
    Map<CallKind, Long> counters(@PathVariable String key) {
        return admin.countersFor(key);
    }

    @GetMapping("/concurrency")
    Map<String, ConcurrencyStats> concurrency() {
        return admin.concurrency();
    }

    @GetMapping("/faults")
    List<FaultRule> faults() {
        return admin.faults();
    }

    @PostMapping("/faults")
    ResponseEntity<FaultRule> injectFault(@RequestBody FaultRule rule) {
        admin.injectFault(rule);
        return ResponseEntity.status(HttpStatus.CREATED).body(rule);
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults() {
        admin.clearFaults();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/webhooks")
    List<WebhookAttempt> webhooks() {
        return admin.webhookAttempts();
    }

    @PutMapping("/webhooks/target")
    ResponseEntity<Void> retarget(@RequestBody WebhookTarget target) {
        admin.retargetWebhooks(target.url(), target.secret());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/reset")
    ResponseEntity<Void> reset() {
        admin.reset();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private Changed changed(boolean changed, String code) {
        return new Changed(changed, admin.order(code).orElseThrow());
    }
}
