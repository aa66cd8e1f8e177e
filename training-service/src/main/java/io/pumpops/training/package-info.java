/**
 * Reproducible training from replayed Kafka offset ranges, evaluation against the champion, ONNX export.
 *
 * <p>Not built yet: issue 5 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.training;
