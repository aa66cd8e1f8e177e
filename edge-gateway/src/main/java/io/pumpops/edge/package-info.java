/**
 * Offline scoring with ONNX Runtime, store-and-forward and verified hot-swap of models at the site.
 *
 * <p>Not built yet: issue 6 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.edge;
