package app.larder.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The signed-in user is resolved from the token, never sent by the client.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(
                app.larder.platform.security.CurrentUser.class);
    }

    private static final String PROBLEM = "#/components/schemas/Problem";

    /** What each error status means, for the calls that list theirs with {@link ProblemResponses}. */
    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(400, "Malformed JSON, or fields missing or invalid (each under `errors`)"),
            Map.entry(401, "No valid token"),
            Map.entry(403, "The role does not allow this"),
            Map.entry(404, "Not found, or another business's"),
            Map.entry(409, "Conflicts with data that exists"),
            Map.entry(413, "The body or the batch is larger than allowed"),
            Map.entry(415, "The body is not JSON"),
            Map.entry(422, "A rule is broken (the field under `errors`)"),
            Map.entry(429, "Too many requests: `Retry-After` says in how many seconds to try again"),
            Map.entry(503, "The server is busy: send it again after `Retry-After` seconds"));

    @Bean
    OpenAPI larderOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Larder API").version("v1").description("""
                        The JSON API of Larder. Get a token with POST /api/v1/auth/tokens (e-mail and password) and \
                        send it as `Authorization: Bearer <token>`. Money and quantities are decimal strings. \
                        Bodies are JSON (`Content-Type: application/json`; CSV for imports), at most 1 MB (the POS \
                        sync API 5 MB, imports 10 MB); answers are JSON whatever the Accept header. \
                        Errors are RFC 9457 problem+json with the offending fields under `errors`. \
                        Lists take `page` (from 0), `size` (up to 100), `sort` (`name` or `name,desc`) and `q`."""))
                .components(new Components()
                        .addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }

    /**
     * Each call's error responses as problem+json: the statuses it names with {@link ProblemResponses}, else a
     * generic 4XX. (The page controllers' error advice is not the API's: {@code springdoc.override-with-generic-response}
     * is off.)
     */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
            if (declared == null) {
                responses.addApiResponse("4XX", problem("An error; the status says which"));
            } else {
                for (int status : declared.value()) {
                    ApiResponse response = problem(MEANINGS.getOrDefault(status, "An error"));
                    if (status == 429 || status == 503) {
                        response.addHeaderObject("Retry-After", new Header()
                                .description("Seconds to wait").schema(new IntegerSchema()));
                    }
                    responses.addApiResponse(Integer.toString(status), response);
                }
            }
            return operation.responses(responses);
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref(PROBLEM))));
    }

    /** RFC 9457, with the offending fields as the API lists them. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Unprocessable Content"))
                .addProperty("status", new IntegerSchema().example(422))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema().description("A JSON path such as lines[0].quantity; "
                                + "null for the whole request"))
                        .addProperty("message", new StringSchema())));
    }
}
