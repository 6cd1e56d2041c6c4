/** The REST API of labctl modules, and the agents' endpoints for their modules' desired state and files. */
package org.labctl.modules.rest;
