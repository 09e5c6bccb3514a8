package kz.kaspibridge.kaspiclient;

/** A merchant's Shop API token ({@code X-Auth-Token}). Never printed: toString hides it. */
public record ApiToken(String value) {

    public ApiToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token is empty");
        }
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
