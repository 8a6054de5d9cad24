import PTRHTTP

try await ServiceApplication.main(.archive, build: buildApplication)
