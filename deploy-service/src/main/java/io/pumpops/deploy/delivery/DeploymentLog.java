package io.pumpops.deploy.delivery;

import io.pumpops.schemas.avro.Deployment;

/**
 * The history of every gateway's deployments, one record per state change ({@code
 * edge.deployments}).
 */
public interface DeploymentLog {

  void record(Deployment deployment);
}
