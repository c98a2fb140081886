package dev.junction.interop;

import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints each test's name and outcome, so the Maven log shows what the Java suite checked (failsafe prints counts only). */
public final class PrintingWatcher implements BeforeTestExecutionCallback, TestWatcher {
    /** "display name", or "method display name [invocation]" for a parameterized test. */
    private static String name(ExtensionContext context) {
        Optional<ExtensionContext> parent = context.getParent().filter(p -> p.getTestMethod().isPresent());
        return parent.map(p -> p.getDisplayName() + " [" + context.getDisplayName() + "]").orElse(context.getDisplayName());
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        System.out.println("[jawampa] ▶ " + name(context));
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        System.out.println("[jawampa] ✔ " + name(context));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("[jawampa] ✖ " + name(context) + ": " + cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        System.out.println("[jawampa] ﹣ " + name(context) + " (aborted: " + cause + ")");
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        System.out.println("[jawampa] ﹣ " + name(context) + " (disabled" + reason.map(r -> ": " + r).orElse("") + ")");
    }
}
