package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.CloudInfo;
import org.labctl.api.CreateCloudRequest;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.EnvironmentInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.Mappers;

/** The {@code cloud} and {@code environment} kinds of get, create and delete against the stand-in. */
class CloudCommandsTest extends StandInCommandTest {

    private static final String AWS = "{\"name\":\"aws\",\"kind\":\"aws\",\"description\":\"eu-west-1\",\"environments\":0,"
            + "\"servers\":0,\"createdAt\":\"2026-11-28T22:00:00Z\"}";
    private static final String PROD = "{\"name\":\"prod\",\"cloud\":\"aws\",\"description\":null,\"servers\":0,"
            + "\"createdAt\":\"2026-11-28T22:00:00Z\"}";

    @Test
    void getCloudsTable() {
        labd.answer("GET", "/api/v1/clouds", 200, Fixtures.CLOUDS);
        CliRun.Result result = run("get", "clouds");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME        KIND        ENVIRONMENTS   SERVERS   AGE
                baremetal   baremetal   1              3         27d
                aws         aws         0              0         120m
                """, result.out());
    }

    @Test
    void getOneCloudAndAnUnknownOne() throws IOException {
        labd.answer("GET", "/api/v1/clouds", 200, Fixtures.CLOUDS);
        CliRun.Result result = run("get", "cloud/aws", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("aws", Mappers.json().readValue(result.out(), CloudInfo.class).name());
        CliRun.Result unknown = run("get", "cloud/gcp");
        assertEquals(ExitCode.NOT_FOUND, unknown.exitCode(), unknown::toString);
        assertEquals("error: no cloud gcp (labctl get clouds lists them)\n", unknown.err());
    }

    @Test
    void createCloudSendsTheRequest() throws IOException {
        labd.answer("POST", "/api/v1/clouds", 201, AWS);
        CliRun.Result result = run("create", "cloud", "aws", "--kind", "aws", "--description", "eu-west-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("cloud aws created\n", result.out());
        assertEquals(new CreateCloudRequest("aws", "aws", "eu-west-1"),
                Mappers.json().readValue(labd.requests().get(0).body(), CreateCloudRequest.class));
    }

    @Test
    void createExistingCloudExitsOne() {
        labd.answer("POST", "/api/v1/clouds", 409, Fixtures.error(409, "conflict", "cloud aws exists"));
        CliRun.Result result = run("create", "cloud", "aws");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: cloud aws exists\n", result.err());
    }

    @Test
    void createCloudAsNonAdminExitsThree() {
        labd.answer("POST", "/api/v1/clouds", 403, Fixtures.error(403, "permission_denied", "only admin may create clouds"));
        CliRun.Result result = run("create", "cloud", "aws");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: only admin may create clouds\n", result.err());
    }

    @Test
    void deleteCloud() {
        labd.answer("DELETE", "/api/v1/clouds/aws", 200, AWS);
        CliRun.Result result = run("delete", "cloud/aws");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("cloud aws deleted\n", result.out());
        assertEquals("DELETE", labd.requests().get(0).method());
    }

    @Test
    void deleteCloudInUseExitsOne() {
        labd.answer("DELETE", "/api/v1/clouds/aws", 409, Fixtures.error(409, "conflict",
                "cloud aws has 1 environment: delete it first"));
        CliRun.Result result = run("delete", "cloud", "aws");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: cloud aws has 1 environment: delete it first\n", result.err());
    }

    @Test
    void getEnvironmentsTable() {
        labd.answer("GET", "/api/v1/environments", 200, Fixtures.ENVIRONMENTS);
        CliRun.Result result = run("get", "environments");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME   CLOUD       SERVERS   AGE
                lab    baremetal   2         3d
                prod   aws         0         60m
                """, result.out());
        assertNull(labd.requests().get(0).query());
    }

    @Test
    void getEnvironmentsOfOneCloudAcceptsEveryAlias() throws IOException {
        labd.answer("GET", "/api/v1/environments", 200, "[" + PROD + "]");
        for (String kind : List.of("environments", "environment", "envs", "env")) {
            CliRun.Result result = run("get", kind, "--cloud", "aws", "-o", "json");
            assertEquals(ExitCode.OK, result.exitCode(), result::toString);
            assertEquals(List.of(Mappers.json().readValue(PROD, EnvironmentInfo.class)),
                    Mappers.json().readValue(result.out(), new TypeReference<List<EnvironmentInfo>>() { }));
        }
        assertTrue(labd.requests().stream().allMatch(request -> "cloud=aws".equals(request.query())),
                labd.requests()::toString);
    }

    @Test
    void environmentsOfAnUnknownCloudExitFour() {
        labd.answer("GET", "/api/v1/environments", 404, Fixtures.error(404, "not_found", "no cloud gcp"));
        CliRun.Result result = run("get", "envs", "--cloud", "gcp");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no cloud gcp\n", result.err());
    }

    @Test
    void createEnvironmentSendsTheRequest() throws IOException {
        labd.answer("POST", "/api/v1/environments", 201, PROD);
        CliRun.Result result = run("create", "environment", "prod", "--cloud", "aws", "--description", "production");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("environment aws/prod created\n", result.out());
        assertEquals(new CreateEnvironmentRequest("prod", "aws", "production"),
                Mappers.json().readValue(labd.requests().get(0).body(), CreateEnvironmentRequest.class));
    }

    @Test
    void createEnvironmentWithoutCloudIsAUsageError() {
        CliRun.Result result = run("create", "env", "prod");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--cloud"), result::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void createExistingEnvironmentExitsOne() {
        labd.answer("POST", "/api/v1/environments", 409, Fixtures.error(409, "conflict", "environment aws/prod exists"));
        CliRun.Result result = run("create", "environment", "prod", "--cloud", "aws");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: environment aws/prod exists\n", result.err());
    }

    @Test
    void deleteEnvironmentDefaultsToBaremetal() {
        labd.answer("DELETE", "/api/v1/environments/baremetal/lab", 200, Fixtures.ENVIRONMENTS
                .replaceAll("(?s)^\\[(\\{.*?\\}),\\s*\\{.*$", "$1"));
        CliRun.Result result = run("delete", "environment/lab");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("environment baremetal/lab deleted\n", result.out());
    }

    @Test
    void deleteEnvironmentOfAnotherCloud() {
        labd.answer("DELETE", "/api/v1/environments/aws/prod", 200, PROD);
        CliRun.Result result = run("delete", "env", "prod", "--cloud", "aws");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("environment aws/prod deleted\n", result.out());
    }

    @Test
    void deleteEnvironmentWithServersExitsOne() {
        labd.answer("DELETE", "/api/v1/environments/baremetal/lab", 409, Fixtures.error(409, "conflict",
                "environment baremetal/lab has 2 servers"));
        CliRun.Result result = run("delete", "environment", "lab");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: environment baremetal/lab has 2 servers\n", result.err());
    }

    @Test
    void deleteUnknownEnvironmentExitsFour() {
        labd.answer("DELETE", "/api/v1/environments/baremetal/nope", 404, Fixtures.error(404, "not_found",
                "no environment baremetal/nope"));
        CliRun.Result result = run("delete", "environment/nope");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
    }

    @Test
    void deleteEnvironmentHelpNamesTheDefaultCloud() {
        CliRun.Result result = run("delete", "environment", "--help");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Default: baremetal."), result::out);
    }

    private static final String LAB_DETAIL = """
            {"environment":{"name":"lab","cloud":"baremetal","description":"the rack","servers":2,"createdAt":"2026-11-25T22:00:00Z"},
             "createdBy":"admin","servers":{"NotReady":1,"Ready":1},"serverNames":["web-1","web-2"],"usableTokens":1}""";

    @Test
    void describeEnvironmentFindsItsCloudAndShowsItsServers() {
        labd.answer("GET", "/api/v1/environments", 200, Fixtures.ENVIRONMENTS);
        labd.answer("GET", "/api/v1/environments/baremetal/lab", 200, LAB_DETAIL);
        CliRun.Result result = run("describe", "environment/lab");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                Name:         lab
                Cloud:        baremetal
                Description:  the rack
                Created by:   admin
                Created:      2026-11-25T22:00:00Z (3d ago)
                Servers:      2 (NotReady 1, Ready 1)
                Join tokens:  1 can still enroll into it

                Server names:
                  web-1
                  web-2
                """, result.out());
        CliRun.Result withCloud = run("describe", "environment/baremetal/lab", "-o", "json");
        assertEquals(ExitCode.OK, withCloud.exitCode(), withCloud::toString);
        assertTrue(withCloud.out().contains("\"serverNames\""), withCloud.out());
        assertEquals("/api/v1/environments/baremetal/lab", labd.requests().get(labd.requests().size() - 1).path());
    }

    @Test
    void describeEnvironmentInSeveralCloudsOrNoneSaysWhatToWrite() {
        labd.answer("GET", "/api/v1/environments", 200, """
                [{"name":"prod","cloud":"baremetal","description":null,"servers":0,"createdAt":"2026-11-28T21:00:00Z"},
                 {"name":"prod","cloud":"aws","description":null,"servers":0,"createdAt":"2026-11-28T21:00:00Z"}]""");
        CliRun.Result several = run("describe", "environment/prod");
        assertEquals(ExitCode.USAGE, several.exitCode(), several::toString);
        assertEquals("error: environment prod is in clouds aws, baremetal: write environment/aws/prod or "
                + "environment/baremetal/prod\n", several.err());
        CliRun.Result none = run("describe", "env", "nosuch");
        assertEquals(ExitCode.NOT_FOUND, none.exitCode(), none::toString);
        assertEquals("error: no environment nosuch that you may read (labctl get environments lists them)\n", none.err());
        labd.answer("GET", "/api/v1/environments/aws/nosuch", 404, Fixtures.error(404, "not_found",
                "no environment nosuch in cloud aws"));
        assertEquals(ExitCode.NOT_FOUND, run("describe", "environment", "nosuch", "--cloud", "aws").exitCode());
        assertEquals(ExitCode.USAGE, run("describe", "environment/aws/prod", "--cloud", "aws").exitCode());
    }

    @Test
    void describeCloudShowsItsEnvironments() {
        labd.answer("GET", "/api/v1/clouds/baremetal", 200, """
                {"cloud":{"name":"baremetal","kind":"baremetal","description":null,"environments":1,"servers":3,
                 "createdAt":"2026-11-01T10:00:00Z"},"createdBy":null,"servers":{"Ready":3},"unplaced":1,
                 "environments":[{"name":"lab","cloud":"baremetal","description":"the rack","servers":2,
                 "createdAt":"2026-11-25T22:00:00Z"}]}""");
        CliRun.Result result = run("describe", "cloud/baremetal");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                Name:         baremetal
                Kind:         baremetal
                Description:  <none>
                Created by:   <none>
                Created:      2026-11-01T10:00:00Z (27d ago)
                Servers:      3 (Ready 3); 1 in no environment

                Environments:
                NAME   SERVERS   AGE   DESCRIPTION
                lab    2         3d    the rack
                """, result.out());
        labd.answer("GET", "/api/v1/clouds/gcp", 404, Fixtures.error(404, "not_found", "no cloud gcp (labctl get clouds lists them)"));
        CliRun.Result unknown = run("describe", "cloud", "gcp");
        assertEquals(ExitCode.NOT_FOUND, unknown.exitCode(), unknown::toString);
        assertEquals("error: no cloud gcp (labctl get clouds lists them)\n", unknown.err());
    }
}
