/**
 * What a trained model is, shared by training-service (which fits and exports it), deploy-service
 * (which packs and signs it) and the edge gateway (which verifies and scores it): the signed
 * package format here, the model families in {@code model}, their ONNX graphs in {@code onnx}. See
 * ADR 9.
 */
package io.pumpops.modelpackage;
