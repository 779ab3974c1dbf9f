package app.larder.platform.web;

import app.larder.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

import java.util.List;
import java.util.Locale;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Lets a controller take the signed-in user as a parameter. */
    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == CurrentUser.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binderFactory) {
                Object user = request.getAttribute(CurrentUserFilter.ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
                if (user == null) {
                    throw new IllegalStateException("No signed-in user for " + parameter);
                }
                return user;
            }
        });
    }

    /**
     * JSON is the one format of objects: the XML, YAML, CBOR and Smile mappers that libraries bring along (Jackson's
     * XML module is there for JasperReports) get no message converter, so an API call with such a body is a 415 and
     * never reaches a mapper that cannot read its records. Strings, bytes, files, forms and CSV keep their converters.
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> converters.removeIf(converter ->
                converter.canRead(AnyRecord.class, null)
                        && !converter.canRead(AnyRecord.class, MediaType.APPLICATION_JSON)));
    }

    /** What a converter that maps any object to a format can read. */
    private record AnyRecord(String name) {
    }

    /**
     * The API answers JSON (and the files its calls name) whatever the Accept header says, as the contract promises;
     * pages negotiate by the header as usual.
     */
    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        HeaderContentNegotiationStrategy byHeader = new HeaderContentNegotiationStrategy();
        configurer.strategies(List.of(request -> {
            HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
            return http != null && RequestPaths.isApi(http) ? ContentNegotiationStrategy.MEDIA_TYPE_ALL_LIST
                    : byHeader.resolveMediaTypes(request);
        }));
    }

    /** Signed in: the business's locale. Before that: the browser's, among the languages Larder speaks. */
    @Bean
    LocaleResolver localeResolver() {
        AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver();
        browser.setSupportedLocales(List.of(Locale.ENGLISH, Locale.forLanguageTag("uk"), Locale.forLanguageTag("ru")));
        browser.setDefaultLocale(Locale.ENGLISH);
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                if (request.getAttribute(CurrentUserFilter.ATTRIBUTE) instanceof CurrentUser user) {
                    return user.locale();
                }
                return browser.resolveLocale(request);
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                throw new UnsupportedOperationException("The locale is a setting of the business");
            }
        };
    }
}
