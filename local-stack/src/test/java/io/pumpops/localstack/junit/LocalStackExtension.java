package io.pumpops.localstack.junit;

import io.pumpops.localstack.ContainersStack;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.Stack;
import io.pumpops.localstack.StackAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one real stack for the whole test run (per test JVM) and hands it to test classes as a
 * {@link StackAddresses} or {@link Stack} parameter. Which stack comes from the system property
 * {@code stack}: {@code embedded} (the default: no Docker needed) or {@code containers}
 * (Testcontainers; every test that uses it is skipped, with the reason, when no Docker engine
 * answers). The same test classes run on both. A class annotated {@link OwnStack} gets a stack of
 * its own, closed after the class.
 */
public final class LocalStackExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  private static final Logger log = LoggerFactory.getLogger(LocalStackExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  /** The system property that picks the stack. */
  public static final String STACK_PROPERTY = "stack";

  /**
   * Skips (and says why) instead of failing when the containers stack is asked for without Docker.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (stackKind().equals("containers") && !dockerAvailable(context)) {
      return ConditionEvaluationResult.disabled(
          "-Dstack=containers needs a Docker engine and none answers here;"
              + " run without -Dstack to use the embedded stack");
    }
    return ConditionEvaluationResult.enabled("stack: " + stackKind());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == StackAddresses.class || type == Stack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Stack stack = stack(context);
    return parameter.getParameter().getType() == Stack.class ? stack : stack.addresses();
  }

  /**
   * The run's stack, started on first use and closed when the test run ends; for a class annotated
   * {@link OwnStack}, the class's own, closed when the class is done.
   */
  public static Stack stack(ExtensionContext context) {
    String kind = stackKind();
    ExtensionContext owner = owner(context);
    // A store sees its parents' values, so a class's own stack needs a key of its own.
    Object key = owner == context.getRoot() ? Stack.class : owner.getRequiredTestClass();
    return owner
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(key, k -> new RunningStack(startStack(kind)), RunningStack.class)
        .stack();
  }

  /**
   * The context whose store holds the stack: the root, or the outermost one of an {@link OwnStack}
   * class.
   */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext owner = context.getRoot();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getTestClass().map(type -> type.isAnnotationPresent(OwnStack.class)).orElse(false)) {
        owner = c;
      }
    }
    return owner;
  }

  private static String stackKind() {
    String kind = System.getProperty(STACK_PROPERTY, "embedded");
    if (kind.isBlank() || kind.equals("embedded")) {
      return "embedded";
    }
    if (!kind.equals("containers")) {
      throw new IllegalArgumentException(
          "Unknown -Dstack=" + kind + "; use embedded (default) or containers");
    }
    return kind;
  }

  private static boolean dockerAvailable(ExtensionContext context) {
    // Asking Docker takes a while when there is none: ask once per run.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "docker-available", k -> ContainersStack.dockerAvailable(), Boolean.class);
  }

  private static Stack startStack(String kind) {
    long started = System.nanoTime();
    Stack stack =
        kind.equals("containers")
            ? ContainersStack.start()
            : LocalStack.start(LocalStack.Settings.ephemeral(temporaryDirectory()));
    log.info(
        "{} stack up in {} ms: {}",
        stack.kind(),
        (System.nanoTime() - started) / 1_000_000,
        stack.addresses());
    return stack;
  }

  private static Path temporaryDirectory() {
    try {
      Path target = Path.of("target");
      return Files.isDirectory(target)
          ? Files.createTempDirectory(target.toAbsolutePath(), "pumpops-stack-")
          : Files.createTempDirectory("pumpops-stack-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a directory for the embedded stack", e);
    }
  }

  /** Closes the stack when JUnit closes the root store at the end of the run. */
  private record RunningStack(Stack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }
}
