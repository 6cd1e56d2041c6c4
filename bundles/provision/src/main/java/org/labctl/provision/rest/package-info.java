/** The REST API of labctl provision and labctl logs bastion/ENV. */
package org.labctl.provision.rest;
