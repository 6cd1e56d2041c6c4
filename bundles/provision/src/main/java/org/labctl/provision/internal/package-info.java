/** labd as the fleet of its bastions. */
package org.labctl.provision.internal;
