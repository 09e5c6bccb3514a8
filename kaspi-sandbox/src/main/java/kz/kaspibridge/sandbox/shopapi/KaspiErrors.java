package kz.kaspibridge.sandbox.shopapi;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Kaspi's error document: {@code {"errors":[{"status":"400","title":"…"}]}}. */
final class KaspiErrors {

    static final MediaType JSON_API = MediaType.valueOf("application/vnd.api+json");

    private KaspiErrors() {
    }

    static Map<String, Object> body(HttpStatus status, String title) {
        return Map.of("errors", List.of(Map.of("status", Integer.toString(status.value()), "title", title)));
    }

    static ResponseEntity<Object> response(HttpStatus status, String title) {
        return ResponseEntity.status(status).contentType(JSON_API).body(body(status, title));
    }

    static ResponseEntity<Object> badRequest(String title) {
        return response(HttpStatus.BAD_REQUEST, title);
    }
}
