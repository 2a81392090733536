using Mediator;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;

namespace Posts.Application.Common.Behaviours;

/// <summary>Checks the marker interfaces: <see cref="IRequiresUser"/> and <see cref="IRequiresAdmin"/>.</summary>
internal sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser currentUser)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResultOf<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IRequiresUser && !currentUser.IsAuthenticated())
            return ValueTask.FromResult(TResponse.Fail(Error.Unauthenticated()));
        if (message is IRequiresAdmin && !currentUser.IsAdmin)
            return ValueTask.FromResult(TResponse.Fail(Error.Forbidden("Administrators only")));
        return next(message, cancellationToken);
    }
}
