import PTRHTTP

try await ServiceApplication.main(.jobs, build: buildApplication)
