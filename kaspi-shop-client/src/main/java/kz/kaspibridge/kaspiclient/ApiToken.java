package kz.kaspibridge.kaspiclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A merchant's Shop API token ({@code X-Auth-Token}). Never printed: toString hides it. */
public record ApiToken(String value) {

    public ApiToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token is empty");
        }
    }

    /**
     * Whether exactly one source is set: a token given inline (from an environment variable) or a mounted
     * secret file. Every service's settings validate their merchants with this.
     */
    public static boolean hasOneSource(String inline, Path file) {
        return (inline != null && !inline.isBlank()) ^ file != null;
    }

    /**
     * The token from its one source, the file read now, so that a rotated secret file is picked up on restart.
     *
     * @param owner who the token belongs to (a merchant id), for the error message; never the token
     */
    public static ApiToken from(String inline, Path file, String owner) {
        if (file == null) {
            return new ApiToken(inline);
        }
        try {
            return new ApiToken(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file of " + owner, e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
