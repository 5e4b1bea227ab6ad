package org.scholion.documents;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.scholion.testing.Tokens;

/** Uploads through the API, as a browser's form or a developer's curl sends them (multipart/form-data). */
public final class DocumentUploads {
    private DocumentUploads() {
    }

    public static Response upload(String user, String filename, String type, byte[] bytes, String title) {
        RequestSpecification r = Tokens.as(user).multiPart("file", filename, bytes, type);
        if (title != null) {
            r = r.multiPart("title", title);
        }
        return r.post("/api/documents");
    }

    public static Response revise(String user, String slug, String ifMatch, String filename, byte[] bytes) {
        RequestSpecification r = Tokens.as(user).multiPart("file", filename, bytes, "text/plain");
        if (ifMatch != null) {
            r = r.header("If-Match", ifMatch);
        }
        return r.put("/api/documents/" + slug);
    }
}
