using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Idempotency;
using Posts.Application.Common.Mapping;
using Posts.Application.Common.Security;

namespace Posts.Application;

public static class DependencyInjection
{
    /// <summary>
    /// The application core: mediator (scoped, behaviours in order: logging → authorization → validation),
    /// validators, mappings and the sign-in services. The host adds Infrastructure and its own <c>ICurrentUser</c>.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
            ];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton(Mappings.Create());
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddSingleton<PasswordHashingGate>();
        services.AddScoped<LoginThrottle>();
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section);
        services.AddScoped<IdempotencyStore>();
        return services;
    }
}
