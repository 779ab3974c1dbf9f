package app.larder.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The signed-in user is resolved from the token, never sent by the client.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(
                app.larder.platform.security.CurrentUser.class);
    }

    @Bean
    OpenAPI larderOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Larder API").version("v1").description("""
                        The JSON API of Larder. Get a token with POST /api/v1/auth/tokens (e-mail and password) and \
                        send it as `Authorization: Bearer <token>`. Money and quantities are decimal strings. \
                        Errors are RFC 9457 problem+json with the offending fields under `errors`. \
                        Lists take `page` (from 0), `size` (up to 100), `sort` (`name` or `name,desc`) and `q`."""))
                .components(new Components().addSecuritySchemes("token",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
