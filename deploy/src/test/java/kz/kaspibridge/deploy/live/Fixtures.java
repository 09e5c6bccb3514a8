package kz.kaspibridge.deploy.live;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The small rule files and dashboards under {@code src/test/resources/live/}, by their folder. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code live/<set>/rules} and {@code live/<set>/dashboards}, read as the real directories are. */
    static DeployQueries queries(String set) {
        return DeployQueries.read(folder(set + "/rules"), folder(set + "/dashboards"));
    }

    static Path folder(String relative) {
        URL url = Fixtures.class.getResource("/live/" + relative);
        if (url == null) {
            throw new IllegalStateException("no test resource live/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
