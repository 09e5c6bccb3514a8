package kz.kaspibridge.schemas.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports unknown settings as what they are, one per line with where each came from, ahead of
 * Boot's generic "failed to bind" report.
 */
class UnknownSettingsFailureAnalyzer extends AbstractFailureAnalyzer<UnknownSettingsException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownSettingsException cause) {
        StringBuilder description = new StringBuilder("Settings under '").append(cause.prefix())
                .append("' that match no property, so they would have no effect:\n");
        cause.settings().forEach(setting -> description.append("\n    - ").append(setting));
        return new FailureAnalysis(description.toString(),
                "Fix each name or remove it. The module README (Configuration) lists every setting with its "
                        + "environment variable: the property in upper case with '.', '-' and '[i]' written as '_' "
                        + "(or with the dashes removed), never a mix of the two.",
                cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
