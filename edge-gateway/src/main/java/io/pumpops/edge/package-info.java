/**
 * The edge gateway: runs at a site, scores the site's pumps with ONNX Runtime whether or not the
 * uplink is there, buffers everything it sends upstream on disk, and swaps in only models whose
 * signature and hashes check out. Start with {@link io.pumpops.edge.EdgeGatewayApp}; the wiring is
 * in {@link io.pumpops.edge.EdgeGateway}.
 */
package io.pumpops.edge;
