package org.scholion.groups;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

@QuarkusTest
class DemoGroupsTest {
    @Inject
    DemoGroups demo;

    @ConfigProperty(name = "scholion.demo-data")
    boolean demoDataEnabled;

    @Test
    void testsAndProductionDoNotLoadDemoData() {
        assertFalse(demoDataEnabled, "only the demo profile sets scholion.demo-data=true");
    }

    @Test
    void demoGroupsLoadOnceWithTheirModeratorsAndMembers() {
        demo.load();
        demo.load();
        String history101 = DemoGroups.GROUPS.get(0).id().toString();
        String history102 = DemoGroups.GROUPS.get(1).id().toString();
        assertEquals(1, Group.count("name", "History 101"));
        assertEquals(4, Membership.count("groupId", DemoGroups.GROUPS.get(0).id()));

        // the demo users sign in and find themselves where the demo put them
        Tokens.as("ines").get("/api/groups/" + history101).then().statusCode(200)
                .body("name", equalTo("History 101")).body("myRole", equalTo("moderator"));
        Tokens.as("ines").get("/api/groups/" + history101 + "/members").then().statusCode(200)
                .body("username", contains("ines", "alice", "bob", "carol"));
        Tokens.as("dave").get("/api/groups/" + history102).then().statusCode(200).body("myRole", equalTo("member"));
        Tokens.as("ivan").get("/api/groups/" + history102 + "/members").then()
                .body("username", contains("ivan", "dave"));
        Tokens.as("dave").get("/api/groups/" + history101).then().statusCode(404);
    }
}
