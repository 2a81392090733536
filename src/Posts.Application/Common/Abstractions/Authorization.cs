namespace Posts.Application.Common.Abstractions;

/// <summary>Marks a request that only an authenticated caller may send (checked by the authorization behaviour).</summary>
#pragma warning disable CA1040 // marker interfaces are the point: the pipeline reads them
public interface IRequiresUser;

/// <summary>Marks an administrator's request. Ownership rules ("the author or an admin") live in handlers.</summary>
public interface IRequiresAdmin : IRequiresUser;
#pragma warning restore CA1040
