print("mingshi")
