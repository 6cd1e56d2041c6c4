package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;

class ModuleRepositoriesTest {

    @Test
    void aRepositorysUrlIsKeptWithoutItsTrailingSlash() {
        assertEquals("https://nexus.example.org/repository/modules",
                ModuleRepositories.url("https://nexus.example.org/repository/modules/").toString());
        assertEquals("http://127.0.0.1:8081", ModuleRepositories.url("HTTP://127.0.0.1:8081/").toString());
    }

    @Test
    void onlyHttpAndHttpsWithoutCredentialsInTheUrl() {
        InvalidArgument userinfo = assertThrows(InvalidArgument.class,
                () -> ModuleRepositories.url("https://deploy:s3cret-pw@nexus.example.org/repository/modules"));
        assertTrue(userinfo.getMessage().contains("--username"), userinfo.getMessage());
        assertFalse(userinfo.getMessage().contains("s3cret-pw"), "the password is not repeated: " + userinfo.getMessage());
        assertThrows(InvalidArgument.class, () -> ModuleRepositories.url("ftp://repo.example.org/maven2"));
        assertThrows(InvalidArgument.class, () -> ModuleRepositories.url("file:///srv/maven"));
        assertThrows(InvalidArgument.class, () -> ModuleRepositories.url("https:///maven2"));
        assertThrows(InvalidArgument.class, () -> ModuleRepositories.url("https://repo.example.org/maven2?x=1"));
        assertThrows(InvalidArgument.class, () -> ModuleRepositories.url("repo.example.org/maven2"));
        assertThrows(InvalidArgument.class, () -> ModuleRepositories.url(" "));
    }
}
