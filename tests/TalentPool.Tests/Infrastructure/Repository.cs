namespace TalentPool.Tests.Infrastructure;

/// <summary>The checked-out repository the tests run from, for tests that read or run its files.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TalentPool.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
